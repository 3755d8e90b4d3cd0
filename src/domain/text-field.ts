/** Reading a free-text field of a form or JSON body, with the NHS-style message when it is wrong. */
import type { FieldErrors } from './errors.ts';

/**
 * Trim a text field and check it is present (when required) and not too long; a problem is
 * written to `fields[field]` and an empty string returned. `label` reads "A title", "The group".
 */
export function readTextField(
  value: unknown,
  field: string,
  label: string,
  max: number,
  fields: FieldErrors,
  required = true,
): string {
  const s = typeof value === 'string' ? value.trim() : value == null ? '' : null;
  if (s === null) {
    fields[field] = `${label} must be text`;
    return '';
  }
  if (required && !s) fields[field] = `Enter ${label.toLowerCase()}`;
  else if (s.length > max) fields[field] = `${label} must be ${max} characters or fewer`;
  return s;
}
