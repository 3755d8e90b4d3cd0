/** Posted HTML forms: the fields as text or as lists (checkboxes repeat their name). */

/** A form as posted: checkboxes repeat their name, so a field may be a list. */
export type Form = Record<string, string | string[] | undefined>;

/** A posted field as a list (unticked checkboxes send nothing). */
export function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A posted field as text. */
export function textOf(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}
