/** `throughline user create`: create an account that belongs to an organisation, such as the first admin. */
import { Option, type Command } from 'commander';
import { DISCIPLINES, ROLES } from '../domain/person.ts';
import type { Services } from '../services/index.ts';
import { CliError, type CliIo } from './io.ts';

interface CreateUserOptions {
  email: string;
  name: string;
  organisation: string;
  role: string;
  discipline: string;
  passwordStdin?: boolean;
}

/** Register `user create --email E --name N --organisation CODE --role R --password-stdin [--discipline D]`. */
export function registerUserCommand(program: Command, services: Services, io: CliIo): void {
  const user = program.command('user').description('Manage the people who sign in');
  user
    .command('create')
    .description(
      'Create an account as a member of an organisation, reading its password from standard input',
    )
    .requiredOption('--email <email>', 'email address they sign in with')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--organisation <code>', 'ODS code of the organisation they belong to')
    .addOption(
      new Option('--role <role>', 'what they may do in the organisation')
        .choices(ROLES)
        .default('admin'),
    )
    .addOption(
      new Option('--discipline <discipline>', 'the part of the organisation they speak for')
        .choices(DISCIPLINES)
        .default('other'),
    )
    .option('--password-stdin', 'read the password (12 characters or more) from standard input')
    .action(async (options: CreateUserOptions) => {
      if (!options.passwordStdin) {
        throw new CliError(
          'Give the password on standard input with --password-stdin, so it is not kept in your shell history.\n' +
            'For example: printf %s "$PASSWORD" | throughline user create … --password-stdin',
        );
      }
      // One trailing newline comes from `echo` or the Enter key; any other whitespace is the password's own.
      const password = (await io.readText('-')).replace(/\r?\n$/, '');
      const organisation = await services.organisations.getByCode(options.organisation);
      const created = await services.people.createUser({
        email: options.email,
        name: options.name,
        password,
        organisationId: organisation.id,
        role: options.role,
        discipline: options.discipline,
      });
      const article = options.role === 'admin' ? 'an' : 'a';
      io.out(
        `Created ${created.name} (${created.email}) as ${article} ${options.role} of ` +
          `${organisation.code} ${organisation.name}.\n`,
      );
    });

  user
    .command('set-password')
    .description('Set a new password for an account (for example when someone is locked out), reading it from standard input; ends their sessions')
    .requiredOption('--email <email>', 'email address of the account')
    .option('--password-stdin', 'read the new password from standard input')
    .action(async (options: { email: string; passwordStdin?: boolean }) => {
      if (!options.passwordStdin) {
        throw new CliError(
          'Give the password on standard input with --password-stdin, so it is not kept in your shell history.\n' +
            'For example: printf %s "$PASSWORD" | throughline user set-password --email … --password-stdin',
        );
      }
      const password = (await io.readText('-')).replace(/\r?\n$/, '');
      const user = await services.people.resetPassword(options.email, password);
      io.out(`Set a new password for ${user.name} (${user.email}) and signed them out everywhere.\n`);
    });
}
