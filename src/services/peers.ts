/** Compare with peers: an organisation's A&E 4-hour performance beside its peers', each with its SPC reading. */
import { InvalidInput, NotFound } from '../domain/errors.ts';
import { requireRole, type Actor } from '../domain/person.ts';
import type { ReferenceSeries } from '../domain/reference-series.ts';
import { analyseSeries, describeSeries, type SpcAnalysis, type SpcReading } from '../spc/index.ts';
import type { Storage } from './stores.ts';

/** Public NHS statistics by provider, read from files in reference/ by the caller. */
export interface PublicStatistics {
  /** A provider's monthly 4-hour performance, or null when the statistics do not have it. */
  fourHour(code: string): ReferenceSeries | null;
  /** The trusts of the same ICB as a trust, by the ODS reference data. */
  sameIcb(code: string): { icb: string; codes: string[] } | null;
  /** The provider's name, if known. */
  nameOf(code: string): string | null;
  readonly source: string;
  readonly licence: string;
}

/** The 4-hour standard of the NHS Constitution, in percent. */
export const FOUR_HOUR_STANDARD = 95;
const MAX_PEERS = 30;
const MIN_MONTHS = 12;

/** One organisation's series with its statistics. */
export interface PeerSeries {
  code: string;
  name: string;
  series: ReferenceSeries;
  analysis: SpcAnalysis;
  reading: SpcReading;
  /** Special-cause improvement at the latest month: someone to learn from. */
  improving: boolean;
}

/** The comparison a board sees. */
export interface PeerComparison {
  measure: 'ae_4_hour';
  /** How the peers were chosen. */
  basis: 'icb' | 'chosen';
  icb: string | null;
  organisation: PeerSeries;
  peers: PeerSeries[];
  /** Codes asked for that the statistics do not hold. */
  missing: string[];
  source: string;
  licence: string;
}

function analyse(code: string, series: ReferenceSeries): PeerSeries {
  const analysis = analyseSeries({ values: series.values.map((v) => v.value), periods: series.values.map((v) => v.period) }, { preset: 'mdc', direction: 'increase', target: FOUR_HOUR_STANDARD });
  const reading = describeSeries(analysis, { periodWord: 'months', formatValue: (v) => `${v.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%` });
  return { code, name: series.organisationName, series, analysis, reading, improving: analysis.variation === 'improvement_high' };
}

/** The use cases of the peers comparison. */
export function createPeerService(storage: Storage, statistics: PublicStatistics | null) {
  return {
    /** Whether public statistics are loaded at all. */
    available: statistics !== null,

    /** Compare the organisation's linked trust with its peers on A&E 4-hour performance. */
    async fourHour(actor: Actor, organisationId: string, months = 36): Promise<PeerComparison> {
      requireRole(actor, organisationId, 'viewer');
      if (!statistics) throw new NotFound('Public statistics');
      const settings = await storage.stores.story.findSettings(organisationId);
      const code = settings?.trustCode ?? null;
      if (!code) {
        throw new InvalidInput('Link your trust code first', { trustCode: 'Enter your trust’s ODS code in the story settings to compare with peers' });
      }
      const own = statistics.fourHour(code);
      if (!own || own.values.length < MIN_MONTHS) {
        throw new InvalidInput(`The A&E statistics have no 4-hour figures for ${code}`, { trustCode: `The NHS England A&E statistics have no 4-hour figures for ${code}: check the code, or choose a trust with a type 1 A&E department` });
      }
      const icb = statistics.sameIcb(code);
      const chosen = settings?.peerCodes ?? [];
      const codes = (chosen.length ? chosen : (icb?.codes ?? [])).filter((c) => c !== code).slice(0, MAX_PEERS);
      const trim = (s: ReferenceSeries): ReferenceSeries => ({ ...s, values: s.values.slice(-Math.max(MIN_MONTHS, Math.min(months, 120))) });
      const peers: PeerSeries[] = [];
      const missing: string[] = [];
      for (const c of codes) {
        const s = statistics.fourHour(c);
        if (s && s.values.length >= MIN_MONTHS) peers.push(analyse(c, trim(s)));
        else missing.push(c);
      }
      peers.sort((a, b) => Number(b.improving) - Number(a.improving) || a.name.localeCompare(b.name));
      return {
        measure: 'ae_4_hour',
        basis: chosen.length ? 'chosen' : 'icb',
        icb: icb?.icb ?? null,
        organisation: analyse(code, trim(own)),
        peers,
        missing,
        source: statistics.source,
        licence: statistics.licence,
      };
    },
  };
}

export type PeerService = ReturnType<typeof createPeerService>;
