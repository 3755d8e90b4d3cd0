/** The one rule for redirect targets a request supplies (?next=, a form's hidden next): same-site paths only. */

const BASE = 'http://localhost';
const MAX_LENGTH = 2048;
const DECODE_ROUNDS = 5;

// Browsers strip tabs and newlines from URLs and read a backslash as a slash, so `/\t/evil`,
// `/\evil` and `//evil` all lead to another site; a control character in a Location header is
// also refused by Node (a 500). Each is refused in the target and in every decoding of it.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]|\/\/|^[^/]|[\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** The decodings of a target, from as given to fully decoded; null when one is not valid percent-encoding. */
function decodings(target: string): string[] | null {
  const forms = [target];
  let current = target;
  for (let i = 0; i < DECODE_ROUNDS; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return forms;
    forms.push(next);
    current = next;
  }
  // Still changing after several rounds: nobody links like that but an attacker.
  return null;
}

/**
 * A safe place to send the browser to: the target if it is a path on this site, `fallback` otherwise.
 * The result is re-serialised by the URL parser, so it is always a valid Location header.
 */
export function safeRedirectTarget(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > MAX_LENGTH) return fallback;
  const forms = decodings(target);
  if (!forms || forms.some((form) => UNSAFE.test(form))) return fallback;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
