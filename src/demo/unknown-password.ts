import { randomBytes } from 'node:crypto';

/**
 * Nobody signs in as the demo's other people, so each gets a password that nobody knows: 96
 * random bits in 16 characters. (The password check's time grows with length: 32 characters
 * took five times as long, a tenth of the demo's load.)
 */
export function createUnknownPassword(): string {
  return randomBytes(12).toString('base64url');
}
