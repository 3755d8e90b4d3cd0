/** Organisations: ODS codes, types and the rules for them. */
import { InvalidInput } from './errors.ts';

export const ORGANISATION_TYPES = ['icb', 'trust', 'place', 'pcn', 'local_authority', 'other'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const ORGANISATION_TYPE_LABELS: Record<OrganisationType, string> = {
  icb: 'Integrated care board (ICB)',
  trust: 'NHS trust',
  place: 'Place',
  pcn: 'Primary care network (PCN)',
  local_authority: 'Local authority',
  other: 'Other',
};

export interface Organisation {
  id: string;
  code: string;
  name: string;
  type: OrganisationType;
}

// ODS codes are 3 to 6 upper-case letters and digits: trusts are usually 3 ("RF4") but newer
// ones have 5 ("G6V2S"); ICBs are 3 ("QYG"), sites and practices up to 6.
const ODS_CODE = /^[A-Z0-9]{3,6}$/;

/** Normalise an ODS code (trim, upper-case) and reject one of the wrong shape. */
export function parseOdsCode(input: string, field = 'code'): string {
  const code = input.trim().toUpperCase();
  if (!ODS_CODE.test(code)) {
    throw new InvalidInput('Enter a valid ODS code', {
      [field]: 'Enter an ODS code of 3 to 6 letters and numbers, like RF4 or G6V2S',
    });
  }
  return code;
}

/** Whether a value is one of the organisation types. */
export function isOrganisationType(value: string): value is OrganisationType {
  return (ORGANISATION_TYPES as readonly string[]).includes(value);
}

/** Validate a new organisation's fields, collecting every error. */
export function validateOrganisation(input: {
  code: string;
  name: string;
  type: string;
}): Omit<Organisation, 'id'> {
  const fields: Record<string, string> = {};
  let code = '';
  try {
    code = parseOdsCode(input.code);
  } catch (e) {
    if (e instanceof InvalidInput) Object.assign(fields, e.fields);
    else throw e;
  }
  const name = input.name.trim();
  if (!name) fields.name = 'Enter the organisation’s name';
  else if (name.length > 200) fields.name = 'Name must be 200 characters or fewer';
  if (!isOrganisationType(input.type)) {
    fields.type = `Type must be one of: ${ORGANISATION_TYPES.join(', ')}`;
  }
  if (Object.keys(fields).length) throw new InvalidInput('The organisation is not valid', fields);
  return { code, name, type: input.type as OrganisationType };
}
