/** Measures: their definitions, their values per period, and the statistics on them. */
import { analyseSeries, describeSeries, presentSpc, type SpcAnalysis, type SpcJson, type SpcReading } from '../spc/index.ts';
import { InvalidInput, NotFound } from '../domain/errors.ts';
import { isId } from '../domain/ids.ts';
import { canRead, requireRead, requireRole, type Actor } from '../domain/person.ts';
import {
  validateMeasure,
  validateValues,
  type Annotation,
  type Measure,
  type MeasureFields,
  type MeasureValue,
  type RawMeasure,
  type RawValue,
  type ValuesSummary,
} from '../domain/measure.ts';
import { checkPeriod, describePeriod } from '../domain/period.ts';
import type { AuditEvent } from '../domain/audit.ts';
import type { Clock, Storage, Stores, ValueSink } from './stores.ts';
import { recordChange, recordChanges } from './audit.ts';

/** A measure's statistics: the engine's analysis, its JSON and its plain-English reading. */
export interface MeasureStatistics {
  analysis: SpcAnalysis;
  spc: SpcJson;
  reading: SpcReading;
}

/** Values whose before → after is written to the history in full; larger submissions record counts. */
const DETAILED_HISTORY_LIMIT = 200;

function record(m: Measure | MeasureFields): Record<string, unknown> {
  return {
    name: m.name,
    definition: m.definition,
    unit: m.unit,
    improvementDirection: m.improvementDirection,
    target: m.target,
    targetFrom: m.targetFrom,
    frequency: m.frequency,
    dataSource: m.dataSource,
    ownerUserId: m.ownerUserId,
    spcPreset: m.spcPreset,
    baseline: m.baseline,
    rebases: m.rebases,
  };
}

/** Format a value in a measure's unit, for sentences and tables. */
export function formatMeasureValue(measure: Pick<Measure, 'unit'>, value: number): string {
  const n = Number.isInteger(value) ? value.toLocaleString('en-GB') : value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  switch (measure.unit) {
    case 'percentage':
      return `${n}%`;
    case 'pounds':
      return `£${n}`;
    case 'minutes':
      return `${n} minutes`;
    case 'days':
      return `${n} days`;
    default:
      return n;
  }
}

/** Run the SPC engine on a measure's values with the measure's own settings. */
export function analyseMeasure(measure: Measure, values: readonly MeasureValue[]): MeasureStatistics {
  const periods = values.map((v) => v.period);
  const last = periods.at(-1) ?? null;
  // The target applies from its date: before that the series is judged without one.
  const target = measure.target !== null && (!measure.targetFrom || (last !== null && measure.targetFrom <= last)) ? measure.target : null;
  const rebase: number[] = [];
  for (const r of measure.rebases) {
    const index = periods.findIndex((p) => p >= r.period);
    if (index > 0 && !rebase.includes(index)) rebase.push(index);
  }
  const analysis = analyseSeries(
    { values: values.map((v) => v.value), periods },
    {
      preset: measure.spcPreset,
      direction: measure.improvementDirection,
      target,
      rebase: rebase.sort((a, b) => a - b),
      ...(measure.baseline ? { baseline: measure.baseline } : {}),
    },
  );
  const reading = describeSeries(analysis, {
    periodWord: measure.frequency === 'weekly' ? 'weeks' : 'months',
    formatValue: (v) => formatMeasureValue(measure, v),
  });
  return { analysis, spc: presentSpc(analysis), reading };
}

/** The use cases for measures and their values. */
export function createMeasureService(storage: Storage, clock: Clock) {
  // Statistics are computed from stored values on read and cached by (measure, last change), so
  // a board report does not recompute series that have not changed. Any instance may rebuild it.
  const cache = new Map<string, MeasureStatistics>();
  const CACHE_SIZE = 2000;

  function statisticsOf(measure: Measure, values: readonly MeasureValue[]): MeasureStatistics {
    const key = `${measure.id}:${measure.version}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const stats = analyseMeasure(measure, values);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, stats);
    return stats;
  }

  async function load(stores: Stores, actor: Actor, id: string): Promise<Measure> {
    const measure = isId(id) ? await stores.measures.findById(id) : null;
    if (!measure || !canRead(actor, measure.organisationId, 'goals')) throw new NotFound('Measure');
    return measure;
  }

  async function checkOwner(stores: Stores, organisationId: string, fields: MeasureFields): Promise<void> {
    if (!fields.ownerUserId) return;
    const m = isId(fields.ownerUserId) ? await stores.users.findMembership(fields.ownerUserId, organisationId) : null;
    if (!m) throw new InvalidInput('The owner is not a member', { ownerUserId: 'Choose an owner who is a member of this organisation' });
  }

  /** The history's record of one submission: before → after in full when small, counts when large. */
  function describeValueChanges(measure: Measure, values: readonly MeasureValue[], before: readonly MeasureValue[], summary: ValuesSummary) {
    const changes: { before: Record<string, unknown>; after: Record<string, unknown> } = { before: {}, after: {} };
    if (values.length <= DETAILED_HISTORY_LIMIT) {
      const old = new Map(before.map((v) => [v.period, v]));
      for (const v of values) {
        const o = old.get(v.period);
        if (o && o.value === v.value && o.note === v.note) continue;
        const label = describePeriod(v.period, measure.frequency);
        changes.before[label] = o ? formatMeasureValue(measure, o.value) : null;
        changes.after[label] = formatMeasureValue(measure, v.value) + (v.note ? ` (${v.note})` : '');
      }
    } else {
      changes.before.values = null;
      changes.after.values = `${summary.added} added, ${summary.changed} changed, ${summary.unchanged} unchanged`;
    }
    return { organisationId: measure.organisationId, entityType: 'measure', entityId: measure.id, action: 'updated' as const, ...changes };
  }

  /**
   * Write the values of many measures in a transaction and their history. `copied` counts the
   * values already streamed into the table (measures that had none): they are all added.
   */
  async function writeMany(stores: Stores, actor: Actor, byMeasure: ReadonlyMap<string, MeasureValue[]>, copied: ReadonlyMap<string, number>): Promise<ValuesSummary> {
    const total: ValuesSummary = { added: 0, changed: 0, unchanged: 0 };
    // The measures are read once, and their values written in a few set-based statements.
    const ids = [...byMeasure.keys()];
    const found = new Map((await stores.measures.findByIds(ids.filter(isId))).map((m) => [m.id, m]));
    for (const id of ids) {
      const measure = found.get(id);
      if (!measure || !canRead(actor, measure.organisationId, 'goals')) throw new NotFound('Measure');
      requireRole(actor, measure.organisationId, 'editor');
    }
    for (const [id, n] of copied) {
      if (byMeasure.get(id)?.length !== n) throw new Error(`Measure ${id}: ${n} values were streamed, but the file has ${byMeasure.get(id)?.length ?? 0}`);
    }
    const rest = copied.size ? new Map([...byMeasure].filter(([id]) => !copied.has(id))) : byMeasure;
    const detailed = new Set([...rest.keys()].filter((id) => rest.get(id)!.length <= DETAILED_HISTORY_LIMIT));
    const written = await stores.measures.upsertValuesForMeasures(rest, detailed);
    for (const [id, n] of copied) written.set(id, { summary: { added: n, changed: 0, unchanged: 0 }, before: [] });
    const changes = [];
    // One history record per measure where anything changed, in id order as the values are written.
    for (const id of [...written.keys()].sort()) {
      const { summary, before } = written.get(id)!;
      total.added += summary.added;
      total.changed += summary.changed;
      total.unchanged += summary.unchanged;
      if (summary.added + summary.changed > 0) changes.push(describeValueChanges(found.get(id)!, byMeasure.get(id)!, before, summary));
    }
    await recordChanges(stores, actor, changes);
    return total;
  }

  async function writeValues(stores: Stores, actor: Actor, measure: Measure, values: MeasureValue[]): Promise<ValuesSummary> {
    const detailed = values.length <= DETAILED_HISTORY_LIMIT;
    const before = detailed ? await stores.measures.valuesAt(measure.id, values.map((v) => v.period)) : [];
    const summary = await stores.measures.upsertValues(measure.id, values);
    if (summary.added + summary.changed === 0) return summary;
    await recordChange(stores, actor, describeValueChanges(measure, values, before, summary));
    return summary;
  }

  return {
    statisticsOf,

    /** The cached statistics of a measure at its current version, without loading its values; undefined if not cached. */
    cachedStatisticsOf(measure: Measure): MeasureStatistics | undefined {
      return cache.get(`${measure.id}:${measure.version}`);
    },

    /** Add a measure to a goal (editors). */
    async create(actor: Actor, goalId: string, raw: RawMeasure): Promise<Measure> {
      return storage.transaction(async (stores) => {
        const goal = isId(goalId) ? await stores.goals.findById(goalId) : null;
        if (!goal || !canRead(actor, goal.organisationId, 'goals')) throw new NotFound('Goal');
        requireRole(actor, goal.organisationId, 'editor');
        const fields = validateMeasure(raw);
        await checkOwner(stores, goal.organisationId, fields);
        const measure = await stores.measures.insert(goal.id, goal.organisationId, fields);
        await recordChange(stores, actor, { organisationId: goal.organisationId, entityType: 'measure', entityId: measure.id, action: 'created', before: null, after: record(fields) });
        return measure;
      });
    },

    /** One measure. */
    get(actor: Actor, id: string): Promise<Measure> {
      return load(storage.stores, actor, id);
    },

    /** The measures of a goal. */
    async listForGoal(actor: Actor, goalId: string): Promise<Measure[]> {
      const goal = isId(goalId) ? await storage.stores.goals.findById(goalId) : null;
      if (!goal || !canRead(actor, goal.organisationId, 'goals')) throw new NotFound('Goal');
      return storage.stores.measures.listForGoal(goalId);
    },

    /** Every measure of an organisation. */
    async listForOrganisation(actor: Actor, organisationId: string): Promise<Measure[]> {
      requireRead(actor, organisationId, 'goals');
      return storage.stores.measures.listForOrganisation(organisationId);
    },

    /** A measure with its values and statistics. */
    async getWithValues(actor: Actor, id: string): Promise<{ measure: Measure; values: MeasureValue[]; statistics: MeasureStatistics }> {
      const measure = await load(storage.stores, actor, id);
      const values = await storage.stores.measures.values(id);
      return { measure, values, statistics: statisticsOf(measure, values) };
    },

    /** Change a measure; fields left out keep their values (editors). */
    async update(actor: Actor, id: string, raw: RawMeasure): Promise<Measure> {
      return storage.transaction(async (stores) => {
        const before = await load(stores, actor, id);
        requireRole(actor, before.organisationId, 'editor');
        const merged: RawMeasure = { ...record(before) };
        for (const [k, v] of Object.entries(raw)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
        const fields = validateMeasure(merged);
        if (fields.frequency !== before.frequency && (await stores.measures.values(id)).length > 0) {
          throw new InvalidInput('The frequency cannot change once values are recorded', { frequency: 'This measure has values: its frequency cannot change. Add a new measure instead.' });
        }
        await checkOwner(stores, before.organisationId, fields);
        const after = await stores.measures.update(id, fields);
        await recordChange(stores, actor, { organisationId: before.organisationId, entityType: 'measure', entityId: id, action: 'updated', before: record(before), after: record(fields) });
        return after;
      });
    },

    /** Delete a measure and its values (editors). */
    async delete(actor: Actor, id: string): Promise<void> {
      await storage.transaction(async (stores) => {
        const before = await load(stores, actor, id);
        requireRole(actor, before.organisationId, 'editor');
        await stores.measures.delete(id);
        await recordChange(stores, actor, { organisationId: before.organisationId, entityType: 'measure', entityId: id, action: 'deleted', before: record(before), after: null });
      });
    },

    /**
     * Record values for a measure: idempotent on (measure, period), all or nothing. Editors and
     * their organisation's tokens only.
     */
    async recordValues(actor: Actor, id: string, raw: readonly RawValue[]): Promise<ValuesSummary> {
      const measure = await load(storage.stores, actor, id);
      requireRole(actor, measure.organisationId, 'editor');
      const values = validateValues(raw, measure, clock());
      return storage.transaction(async (stores) => writeValues(stores, actor, measure, values));
    },

    /**
     * Record checked values for several measures of one organisation in one transaction
     * (CSV upload, CLI import). Every measure must be the actor's to edit.
     */
    recordValuesForMeasures(actor: Actor, byMeasure: ReadonlyMap<string, MeasureValue[]>): Promise<ValuesSummary> {
      return storage.transaction((stores) => writeMany(stores, actor, byMeasure, new Map()));
    },

    /**
     * Record values while they are read (the command line import), in one transaction, all or
     * nothing. `read` reads and checks the file, hands each checked value to the sink it is given,
     * and returns every value by measure (or throws, when a row is wrong: nothing is stored).
     * `measureIds` are the measures the file may name. On PostgreSQL they are locked in id order
     * first, and the values of those with no stored values go straight into the table while the rest
     * of the file is read; the others are written afterwards as recordValuesForMeasures does.
     * Elsewhere the sink is null and the file is read before the transaction begins.
     */
    async recordValuesAsRead(
      actor: Actor,
      measureIds: readonly string[],
      read: (sink: ValueSink | null) => Promise<ReadonlyMap<string, MeasureValue[]>>,
    ): Promise<ValuesSummary> {
      // PGlite has one connection: a transaction held open while a file is read would take in every
      // other query of the process.
      if (storage.engine !== 'postgres') {
        const byMeasure = await read(null);
        return storage.transaction((stores) => writeMany(stores, actor, byMeasure, new Map()));
      }
      return storage.transaction(async (stores) => {
        const copy = await stores.measures.copyValues(measureIds);
        if (!copy) return writeMany(stores, actor, await read(null), new Map());
        let byMeasure: ReadonlyMap<string, MeasureValue[]>;
        try {
          byMeasure = await read(copy);
        } catch (e) {
          await copy.abort();
          throw e;
        }
        const copied = await copy.finish();
        return writeMany(stores, actor, byMeasure, copied);
      });
    },

    /** What storing these values would do, without storing them. */
    async previewValues(actor: Actor, byMeasure: ReadonlyMap<string, MeasureValue[]>): Promise<ValuesSummary> {
      const total: ValuesSummary = { added: 0, changed: 0, unchanged: 0 };
      for (const [id, values] of byMeasure) {
        await load(storage.stores, actor, id);
        const existing = new Map((await storage.stores.measures.valuesAt(id, values.map((v) => v.period))).map((v) => [v.period, v]));
        for (const v of values) {
          const o = existing.get(v.period);
          if (!o) total.added++;
          else if (o.value === v.value && o.note === v.note) total.unchanged++;
          else total.changed++;
        }
      }
      return total;
    },

    /** Mark a dated event on the chart, such as a go-live (editors). */
    async addAnnotation(actor: Actor, id: string, raw: { period?: unknown; label?: unknown }): Promise<Annotation> {
      const measure = await load(storage.stores, actor, id);
      requireRole(actor, measure.organisationId, 'editor');
      const fields: Record<string, string> = {};
      const period = typeof raw.period === 'string' ? raw.period.trim() : '';
      const label = typeof raw.label === 'string' ? raw.label.trim() : '';
      const periodError = checkPeriod(period, measure.frequency, new Date('9999-12-31'));
      if (periodError) fields.period = periodError;
      if (!label) fields.label = 'Say what happened, like “e-referrals went live”';
      else if (label.length > 100) fields.label = 'The label must be 100 characters or fewer';
      if (Object.keys(fields).length) throw new InvalidInput('The annotation is not valid', fields);
      return storage.transaction(async (stores) => {
        const a = await stores.measures.addAnnotation(id, { period, label });
        await recordChange(stores, actor, { organisationId: measure.organisationId, entityType: 'measure', entityId: id, action: 'updated', before: null, after: { annotation: `${period}: ${label}` } });
        return a;
      });
    },

    /** Remove an annotation (editors). */
    async removeAnnotation(actor: Actor, id: string, annotationId: string): Promise<void> {
      const measure = await load(storage.stores, actor, id);
      requireRole(actor, measure.organisationId, 'editor');
      const a = measure.annotations.find((x) => x.id === annotationId);
      if (!a) throw new NotFound('Annotation');
      await storage.transaction(async (stores) => {
        await stores.measures.removeAnnotation(id, annotationId);
        await recordChange(stores, actor, { organisationId: measure.organisationId, entityType: 'measure', entityId: id, action: 'updated', before: { annotation: `${a.period}: ${a.label}` }, after: null });
      });
    },

    /** The history of a measure (definition and values), newest first. */
    async history(actor: Actor, id: string): Promise<AuditEvent[]> {
      await load(storage.stores, actor, id);
      return storage.stores.audit.history('measure', [id], 200);
    },
  };
}

export type MeasureService = ReturnType<typeof createMeasureService>;
