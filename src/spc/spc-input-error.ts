/** Input the SPC engine refuses; `fields` maps each offending field to a plain-English reason. */
export class SpcInputError extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SpcInputError';
  }
}
