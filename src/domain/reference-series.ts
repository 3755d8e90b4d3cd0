/** A real monthly series of one organisation, read from a reference file by the caller (the domain does no I/O). */
export interface ReferenceSeries {
  organisationCode: string;
  organisationName: string;
  /** Where the figures come from, e.g. the publication and the file they were copied to. */
  source: string;
  /** The licence line to keep with the figures. */
  licence: string;
  /** Values in period order; a month missing from the source is simply absent. */
  values: { period: string; value: number }[];
}
