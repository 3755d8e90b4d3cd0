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

/**
 * How a measure's data source begins when its values are a real organisation's published series,
 * copied in for illustration (the demo's A&E measure). Such a series ends where the publication
 * ended: it is labelled as what it is, and its timeliness is not judged against today.
 */
export const PUBLISHED_SERIES_MARK = 'Real published data, used for illustration:';

/** Whether a measure's data source says its values are a real organisation's published series. */
export function isPublishedSeries(dataSource: string): boolean {
  return dataSource.startsWith(PUBLISHED_SERIES_MARK);
}
