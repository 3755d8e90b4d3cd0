/** The password policy: long enough, not one of the most common passwords, not the email address. */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { InvalidInput } from './errors.ts';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

// zxcvbn's score 3 means more than 10^8 guesses: out of reach of online guessing under the sign-in
// limits, and it refuses the common-password list (passwords-common) and simple variants of it.
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;

function guessability(password: string, userInputs: string[]): number {
  // Building the dictionaries takes about 0.2 s, so it is done once, on first use.
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator.check(password, userInputs).score;
}

function refuse(field: string, message: string, summary = 'Choose a different password'): never {
  throw new InvalidInput(summary, { [field]: message });
}

/**
 * Check a new password: 12 to 200 characters, not one character repeated, not containing the
 * email address or its local part, and not easy to guess (the most common passwords and their
 * simple variants are refused).
 */
export function validatePassword(password: string, options: { field?: string; email?: string | null } = {}): void {
  const field = options.field ?? 'password';
  if (password.length < PASSWORD_MIN_LENGTH) {
    refuse(field, `Password must be ${PASSWORD_MIN_LENGTH} characters or more`, 'Password is too short');
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    refuse(field, `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`, 'Password is too long');
  }
  if (/^(.)\1*$/su.test(password) || /(.)\1{11}/su.test(password)) {
    refuse(field, 'Password must not be one character repeated, like “aaaaaaaaaaaa”. Try three or four unrelated words.');
  }
  const lower = password.toLowerCase();
  const email = options.email?.trim().toLowerCase() ?? '';
  const local = email.split('@')[0] ?? '';
  if (email && (lower.includes(email) || (local.length >= 3 && lower.includes(local)))) {
    refuse(field, 'Password must not contain your email address or the part before the @. Try three or four unrelated words.');
  }
  const inputs = [email, local, ...local.split(/[._+-]+/)].filter((s) => s.length >= 3);
  if (guessability(password, inputs) < MIN_SCORE) {
    refuse(
      field,
      'This password is too easy to guess: it is one of the most common passwords, or close to one. Try three or four unrelated words.',
    );
  }
}
