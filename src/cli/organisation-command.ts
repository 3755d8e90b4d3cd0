/** `throughline organisation add`: add an NHS organisation from the reference list, or by hand. */
import { Option, type Command } from 'commander';
import { ORGANISATION_TYPES, ORGANISATION_TYPE_LABELS } from '../domain/organisation.ts';
import type { Services } from '../services/index.ts';
import type { CliIo } from './io.ts';

/** Register `organisation add CODE [--name N --type T]`. */
export function registerOrganisationCommand(program: Command, services: Services, io: CliIo): void {
  const organisation = program
    .command('organisation')
    .description('Add the organisations that use Throughline');
  organisation
    .command('add')
    .description(
      'Add an NHS trust or ICB from the reference list by its ODS code, or any other organisation with --name and --type',
    )
    .argument('<code>', 'ODS code, like RFF or QF7')
    .option('--name <name>', 'the organisation’s name, for one that is not in the reference list')
    .addOption(
      new Option('--type <type>', 'the kind of organisation, with --name').choices(
        ORGANISATION_TYPES,
      ),
    )
    .action(async (code: string, options: { name?: string; type?: string }) => {
      const added = await services.organisations.add({
        code,
        name: options.name,
        type: options.type,
      });
      io.out(`Added ${added.code} ${added.name} (${ORGANISATION_TYPE_LABELS[added.type]}).\n`);
    });
}
