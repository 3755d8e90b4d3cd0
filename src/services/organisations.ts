/** Organisations: adding them from the reference list or by hand, and finding them. */
import { validateOrganisation, parseOdsCode, type Organisation } from '../domain/organisation.ts';
import { Conflict, InvalidInput, NotFound } from '../domain/errors.ts';
import { canSeeOrganisation, type Actor } from '../domain/person.ts';
import type { Storage } from './stores.ts';
import { recordChange } from './audit.ts';

/** A real NHS organisation from the ODS reference data. */
export interface ReferenceOrganisation {
  code: string;
  name: string;
  type: 'trust' | 'icb';
  region: string;
}

/** The reference list of NHS trusts and ICBs shipped with Throughline. */
export interface ReferenceOrganisations {
  find(code: string): ReferenceOrganisation | null;
  search(query: string, limit: number): ReferenceOrganisation[];
  readonly attribution: string;
}

/** The use cases for organisations. */
export function createOrganisationService(storage: Storage, reference: ReferenceOrganisations) {
  return {
    reference,

    /** Add an organisation: from the reference list by code, or by hand with a name and type. */
    async add(input: { code: string; name?: string | undefined; type?: string | undefined }, actor: Actor | null = null): Promise<Organisation> {
      const code = parseOdsCode(input.code);
      const known = reference.find(code);
      let fields: Omit<Organisation, 'id'>;
      if (input.name || input.type) {
        fields = validateOrganisation({ code, name: input.name ?? known?.name ?? '', type: input.type ?? known?.type ?? '' });
      } else if (known) {
        fields = { code, name: known.name, type: known.type };
      } else {
        throw new InvalidInput(`${code} is not in the reference list of NHS trusts and ICBs`, {
          code: `${code} is not a known NHS trust or ICB: give its name and type to add it by hand`,
        });
      }
      return storage.transaction(async (stores) => {
        if (await stores.organisations.findByCode(code)) {
          throw new Conflict(`${code} has already been added`, { code: `${code} has already been added` });
        }
        const org = await stores.organisations.insert(fields);
        await recordChange(stores, actor, {
          organisationId: org.id,
          entityType: 'organisation',
          entityId: org.id,
          action: 'created',
          before: null,
          after: { code: org.code, name: org.name, type: org.type },
        });
        return org;
      });
    },

    /** Find an organisation by code; absent, or neither the actor's nor readable through a system, gives NotFound. */
    async getForActor(code: string, actor: Actor): Promise<Organisation> {
      const org = await storage.stores.organisations.findByCode(code.toUpperCase());
      if (!org || !canSeeOrganisation(actor, org.id)) throw new NotFound('Organisation');
      return org;
    },

    /** An organisation by id, for presenting a record the caller was already allowed to see. */
    async getById(id: string): Promise<Organisation> {
      const org = await storage.stores.organisations.findById(id);
      if (!org) throw new NotFound('Organisation');
      return org;
    },

    /** Find an organisation by code, for the CLI. */
    async getByCode(code: string): Promise<Organisation> {
      const org = await storage.stores.organisations.findByCode(parseOdsCode(code));
      if (!org) throw new NotFound(`Organisation ${code.toUpperCase()}`);
      return org;
    },

    /** The organisations an actor belongs to. */
    async listForActor(actor: Actor): Promise<Organisation[]> {
      const ids = actor.kind === 'token' ? [actor.organisationId] : [...actor.roles.keys()];
      return storage.stores.organisations.listByIds(ids);
    },

    /** How many organisations there are (to tell whether the database is empty). */
    count(): Promise<number> {
      return storage.stores.organisations.count();
    },
  };
}

export type OrganisationService = ReturnType<typeof createOrganisationService>;
