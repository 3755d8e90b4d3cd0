/** Errors named as facts. The web and CLI edges map them to responses in one place each. */

/** Field name → plain-English message, as shown next to the field. */
export type FieldErrors = Record<string, string>;

/** Base class: a domain error has a stable machine code and a message fit for the person. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
}

/** Input that breaks a rule; `fields` says which field and why. */
export class InvalidInput extends DomainError {
  readonly code = 'invalid_input';
  readonly status = 400;
  constructor(
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = 'InvalidInput';
  }
}

/** A record that does not exist, or that the caller may not see (never say which). */
export class NotFound extends DomainError {
  readonly code = 'not_found';
  readonly status = 404;
  constructor(what: string) {
    super(`${what} was not found`);
    this.name = 'NotFound';
  }
}

/** The caller is signed in but their role does not allow this. */
export class Forbidden extends DomainError {
  readonly code = 'forbidden';
  readonly status = 403;
  constructor(message = 'You do not have permission to do this') {
    super(message);
    this.name = 'Forbidden';
  }
}

/** The caller is not signed in, or the token is unknown or revoked. */
export class Unauthenticated extends DomainError {
  readonly code = 'unauthenticated';
  readonly status = 401;
  constructor(message = 'Sign in, or send a valid API token') {
    super(message);
    this.name = 'Unauthenticated';
  }
}

/** A record that would clash with one already stored. */
export class Conflict extends DomainError {
  readonly code = 'conflict';
  readonly status = 409;
  constructor(
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = 'Conflict';
  }
}

/** Too many attempts: wait `retryAfterSeconds` before trying again (HTTP 429 with Retry-After). */
export class TooManyAttempts extends DomainError {
  readonly code = 'too_many_attempts';
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'TooManyAttempts';
  }
}
