/** What a CLI command may touch: output streams and its input files. Tests pass a fake. */
export interface CliIo {
  /** Write to standard output (no newline added). */
  out(text: string): void;
  /** Write to standard error (no newline added). */
  err(text: string): void;
  /** Read a whole file as UTF-8; "-" reads standard input. */
  readText(pathOrDash: string): Promise<string>;
}

/** A failure the CLI reports on stderr with a non-zero exit, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
