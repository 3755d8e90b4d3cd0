/** `throughline portfolio`: a quarter's ranked portfolio against capacity, as a table or JSON. */
import { Option, type Command } from 'commander';
import type { Actor } from '../domain/person.ts';
import { SKILL_LABELS, describeQuarter } from '../domain/initiative.ts';
import { PLACEMENT_LABELS } from '../domain/portfolio.ts';
import type { Services } from '../services/index.ts';
import type { CliIo } from './io.ts';

// The command line reads with the database's own rights; it names itself in any history it leaves.
const COMMAND_LINE_TOKEN_ID = '00000000-0000-0000-0000-000000000000';

const fmt = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 2 });

/** Register `portfolio --organisation CODE [--quarter 2027-Q1] [--format table|json]`. */
export function registerPortfolioCommand(program: Command, services: Services, io: CliIo): void {
  program
    .command('portfolio')
    .description('Show the ranked portfolio of a quarter, split by the capacity line into now, not now and won’t do, with each skill’s capacity and demand')
    .requiredOption('--organisation <code>', 'ODS code of the organisation')
    .option('--quarter <quarter>', 'the quarter, like 2027-Q1 (default: the current quarter)')
    .addOption(new Option('--format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .action(async (options: { organisation: string; quarter?: string; format: 'table' | 'json' }) => {
      const organisation = await services.organisations.getByCode(options.organisation);
      const actor: Actor = { kind: 'token', tokenId: COMMAND_LINE_TOKEN_ID, name: 'command line', organisationId: organisation.id, role: 'viewer' };
      const p = await services.portfolio.portfolio(actor, organisation.id, options.quarter);
      const name = (id: string) => p.initiatives.get(id)?.name ?? id;
      if (options.format === 'json') {
        io.out(
          `${JSON.stringify(
            {
              organisationCode: organisation.code,
              quarter: p.quarter,
              items: p.items.map((i) => ({ initiativeId: i.initiativeId, name: name(i.initiativeId), rank: i.rank, placement: i.placement, overrunSkills: i.overrunSkills, paused: i.paused, demand: i.demand, score: i.score })),
              skills: p.skills,
            },
            null,
            2,
          )}\n`,
        );
        return;
      }
      const lines: string[] = [`${organisation.code} ${organisation.name}: portfolio for ${describeQuarter(p.quarter)}`, ''];
      if (!p.items.length) lines.push('No initiatives are ranked.');
      const width = Math.max(10, ...p.items.map((i) => name(i.initiativeId).length));
      if (p.items.length) lines.push(`${'Rank'.padEnd(5)}${'Initiative'.padEnd(width + 2)}${'Place'.padEnd(10)}Why`);
      for (const i of p.items) {
        const why = i.placement === 'wont-do' ? (p.initiatives.get(i.initiativeId)?.wontDoReason ?? '') : i.paused ? 'paused: takes no capacity' : i.overrunSkills.length ? `not enough ${i.overrunSkills.map((s) => SKILL_LABELS[s].toLowerCase()).join(' and ')}` : '';
        lines.push(`${String(i.placement === 'wont-do' ? '-' : i.rank).padEnd(5)}${name(i.initiativeId).padEnd(width + 2)}${PLACEMENT_LABELS[i.placement].padEnd(10)}${why}`);
      }
      lines.push('', `${'Skill'.padEnd(17)}${'Capacity'.padStart(10)}${'Freed'.padStart(8)}${'Now'.padStart(8)}${'Demand'.padStart(9)}`);
      for (const s of p.skills.filter((line) => line.capacity || line.demand)) {
        lines.push(`${SKILL_LABELS[s.skill].padEnd(17)}${fmt(s.capacity).padStart(10)}${fmt(s.freed).padStart(8)}${fmt(s.committed).padStart(8)}${fmt(s.demand).padStart(9)}`);
      }
      if (!p.hasCapacity) lines.push('', 'No capacity has been set: set it on the Capacity page or with PUT /api/v1/organisations/{code}/capacity.');
      io.out(`${lines.join('\n')}\n`);
    });
}
