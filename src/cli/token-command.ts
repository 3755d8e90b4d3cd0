/** `throughline token create`: an API token for an organisation, for pushing measure values by API. */
import { Option, type Command } from 'commander';
import type { Services } from '../services/index.ts';
import type { CliIo } from './io.ts';

const TOKEN_ROLES = ['viewer', 'contributor', 'editor'] as const;

/** Register `token create --organisation CODE --name LABEL [--role R]`. */
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
    .action(async (options: { organisation: string; name: string; role: string }) => {
      const organisation = await services.organisations.getByCode(options.organisation);
      const created = await services.people.createToken({
        organisationId: organisation.id,
        name: options.name,
        role: options.role,
      });
      io.out(
        [
          `Created API token “${created.apiToken.name}” (${created.apiToken.role}) for ${organisation.code} ${organisation.name}:`,
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
}
