/** `throughline token create|list|revoke`: API tokens of an organisation, for pushing measure values by API. */
import { Option, type Command } from 'commander';
import type { Services } from '../services/index.ts';
import type { CliIo } from './io.ts';

const TOKEN_ROLES = ['viewer', 'contributor', 'editor'] as const;

function when(d: Date | null, none: string): string {
  return d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : none;
}

/** Register `token create|list|revoke`. */
export function registerTokenCommand(program: Command, services: Services, io: CliIo): void {
  const token = program.command('token').description('Manage API tokens');
  token
    .command('create')
    .description('Create an API token for an organisation and show it once')
    .requiredOption('--organisation <code>', 'ODS code of the organisation the token acts for')
    .requiredOption('--name <label>', 'a label that says what uses it, like "data warehouse"')
    .addOption(
      new Option('--role <role>', 'what the token may do').choices(TOKEN_ROLES).default('editor'),
    )
    .option('--expires-in-days <n>', 'make the token stop working after this many days')
    .option('--expires <date>', 'make the token stop working at the start of this date (YYYY-MM-DD, UTC)')
    .action(async (options: { organisation: string; name: string; role: string; expiresInDays?: string; expires?: string }) => {
      const organisation = await services.organisations.getByCode(options.organisation);
      const created = await services.people.createToken({
        organisationId: organisation.id,
        name: options.name,
        role: options.role,
        ...(options.expiresInDays !== undefined ? { expiresInDays: options.expiresInDays } : {}),
        ...(options.expires !== undefined ? { expires: options.expires } : {}),
      });
      io.out(
        [
          `Created API token “${created.apiToken.name}” (${created.apiToken.role}) for ${organisation.code} ${organisation.name}, ` +
            (created.apiToken.expiresAt ? `expiring ${when(created.apiToken.expiresAt, '')}:` : 'with no expiry:'),
          '',
          `  ${created.token}`,
          '',
          'Copy it now. Throughline stores it hashed and cannot show it again.',
          'Send it with each API request in this header:',
          '',
          `  Authorization: Bearer ${created.token}`,
          '',
        ].join('\n'),
      );
    });

  token
    .command('list')
    .description('List the API tokens of an organisation: name, role, created, last used, expiry and status')
    .requiredOption('--organisation <code>', 'ODS code of the organisation')
    .action(async (options: { organisation: string }) => {
      const organisation = await services.organisations.getByCode(options.organisation);
      const rows: string[][] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await services.people.listTokens(null, organisation.id, { limit: 500, offset });
        for (const t of page.tokens) {
          rows.push([t.id, t.name, t.role, when(t.createdAt, ''), when(t.lastUsedAt, 'never'), when(t.expiresAt, 'no expiry'), t.status]);
        }
        if (offset + 500 >= page.total) break;
      }
      if (!rows.length) {
        io.out(`${organisation.code} ${organisation.name} has no API tokens.\n`);
        return;
      }
      const header = ['id', 'name', 'role', 'created', 'last used', 'expires', 'status'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
      io.out([line(header), ...rows.map(line), ''].join('\n'));
    });
  token
    .command('revoke')
    .description('Revoke an API token at once: requests that send it are refused from then on')
    .argument('<id>', 'the token’s id, as `token list` shows it')
    .action(async (id: string) => {
      const revoked = await services.people.revokeToken(null, id);
      io.out(`Revoked API token “${revoked.name}” (${revoked.id}). Requests that send it are now refused.\n`);
    });
}
