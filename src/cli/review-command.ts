/** `throughline review --organisation CODE`: print the review queue of the current period, for a trust to mail from cron. */
import { Option, type Command } from 'commander';
import type { Actor } from '../domain/person.ts';
import type { Services } from '../services/index.ts';
import { presentQueue } from '../services/review-json.ts';
import type { CliIo } from './io.ts';

// The command line reads as an API token that no one holds: the nil UUID marks it as the system's.
const COMMAND_LINE_TOKEN_ID = '00000000-0000-0000-0000-000000000000';

/** Register `review --organisation CODE [--format table|json]`. */
export function registerReviewCommand(program: Command, services: Services, io: CliIo): void {
  program
    .command('review')
    .description('Print the review queue of the current period: what the data asks the review to decide, with the evidence. Exits 0 whatever the queue holds.')
    .requiredOption('--organisation <code>', 'ODS code of the organisation')
    .addOption(new Option('--format <format>', 'table for people, json for programs').choices(['table', 'json']).default('table'))
    .action(async (options: { organisation: string; format: 'table' | 'json' }) => {
      const org = await services.organisations.getByCode(options.organisation);
      const actor: Actor = { kind: 'token', tokenId: COMMAND_LINE_TOKEN_ID, name: 'command line review', organisationId: org.id, role: 'viewer' };
      const queue = presentQueue(await services.reviews.queue(actor, org.id), org);
      if (options.format === 'json') {
        io.out(`${JSON.stringify(queue, null, 2)}\n`);
        return;
      }
      const lines = [`Review queue of ${org.code} ${org.name}, ${queue.period.frequency} review of ${queue.period.start} to ${queue.period.end}`];
      const open = queue.items.filter((i) => i.decision === null);
      lines.push(open.length ? `${open.length} ${open.length === 1 ? 'item' : 'items'} to decide:` : 'Nothing to decide: no item is open.');
      lines.push('');
      for (const item of queue.items) {
        lines.push(`${item.decision ? `[${item.decision.outcome}] ` : ''}${item.kindLabel}: ${item.subject.title}`);
        lines.push(`    ${item.evidence.summary}`);
        for (const fact of item.evidence.facts) lines.push(`    - ${fact}`);
        lines.push(`    ${item.subject.href}`);
        lines.push('');
      }
      if (queue.quiet) lines.push(`${queue.quiet} decided ${queue.quiet === 1 ? 'item stays' : 'items stay'} quiet until their next review date or new evidence.`);
      io.out(`${lines.join('\n').trimEnd()}\n`);
    });
}
