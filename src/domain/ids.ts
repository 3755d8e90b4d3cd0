/** Record ids are UUIDs; anything else cannot name a record. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is the shape of a record id. */
export function isId(value: string): boolean {
  return UUID.test(value);
}
