/** PostgreSQL array literals, so a whole column of values travels as one bound parameter on both drivers. */

/** A literal for an array of numbers: {1,2.5,-3}. */
export function numberArrayLiteral(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

/** A literal for an array of plain tokens that need no quoting (ISO dates, UUIDs). */
export function tokenArrayLiteral(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

/** A literal for an array of any text: each element quoted, with " and \ escaped. */
export function textArrayLiteral(values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i) out += ',';
    out += `"${values[i]!.replace(/[\\"]/g, '\\$&')}"`;
  }
  return `${out}}`;
}
