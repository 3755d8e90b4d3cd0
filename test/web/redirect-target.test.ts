import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { safeRedirectTarget } from '../../src/web/redirect-target.ts';

const BASE = 'http://localhost';

describe('the redirect-target rule', () => {
  it.each([
    ['/%09/evil.example', 'an encoded tab'],
    ['/\t/evil.example', 'a tab'],
    ['/\n/evil.example', 'a newline'],
    ['/%0A/x', 'an encoded newline'],
    ['/%0D%0ASet-Cookie:x=1', 'an encoded header break'],
    ['/\u0000x', 'a NUL'],
    ['/%00x', 'an encoded NUL'],
    ['/\\evil.example', 'a backslash'],
    ['/%5C%5Cevil', 'encoded backslashes'],
    ['/%5Cevil', 'an encoded backslash'],
    ['//evil.example', 'a protocol-relative address'],
    ['/%2F%2Fevil', 'encoded slashes'],
    ['/%2Fevil', 'an encoded second slash'],
    ['/%252F%252Fevil', 'doubly encoded slashes'],
    ['/%25252F%25252Fevil', 'triply encoded slashes'],
    ['https://evil.example', 'a scheme'],
    ['https:evil.example', 'a scheme without slashes'],
    ['javascript:alert(1)', 'javascript:'],
    ['JaVaScRiPt:alert(1)', 'javascript: in mixed case'],
    ['evil.example', 'a relative address'],
    ['', 'nothing'],
    ['/%E0%A4%A', 'broken percent-encoding'],
    ['/\u2028/evil', 'a line separator'],
    [`/${'a'.repeat(3000)}`, 'an address too long to be real'],
  ])('refuses %j (%s)', (target) => {
    expect(safeRedirectTarget(target)).toBe('/');
  });

  it('refuses a target that is not a string', () => {
    for (const target of [undefined, null, 1, ['/a'], { a: 1 }]) expect(safeRedirectTarget(target)).toBe('/');
  });

  it.each([
    ['/', '/'],
    ['/organisations/RXX/goals', '/organisations/RXX/goals'],
    ['/organisations/RXX/problems?status=open&sort=severity', '/organisations/RXX/problems?status=open&sort=severity'],
    ['/goals/abc#measures', '/goals/abc#measures'],
    ['/problems?q=caf%C3%A9', '/problems?q=caf%C3%A9'],
    ['/problems?q=café', '/problems?q=caf%C3%A9'],
  ])('keeps the same-site path %j', (target, expected) => {
    expect(safeRedirectTarget(target)).toBe(expected);
  });

  it('uses the fallback given', () => {
    expect(safeRedirectTarget('//evil', '/organisations')).toBe('/organisations');
  });

  it('never accepts a target that a browser would resolve to another origin', () => {
    const piece = fc.oneof(
      fc.constantFrom('/', '//', '\\', '%2F', '%2f', '%5C', '%5c', '%09', '%0A', '%0D', '%00', '%25', '%252F', '\t', '\n', '\r', ':', '@', '.', '..', '?', '#', 'http:', 'https:', 'javascript:', 'evil.example', 'localhost', ' ', '\u3002', '%E3%80%82', '\uff0f', '%EF%BC%8F'),
      fc.string({ maxLength: 4 }),
      fc.webPath(),
      fc.webUrl(),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join('')), (target) => {
        const accepted = safeRedirectTarget(target, '/fallback');
        const result = new URL(accepted, BASE);
        expect(result.origin).toBe(BASE);
        // And as the browser reads the Location header: always a valid one, always a path here.
        expect(accepted.startsWith('/')).toBe(true);
        expect(accepted.startsWith('//')).toBe(false);
        // eslint-disable-next-line no-control-regex
        expect(/[\u0000-\u0020\u007f-\uffff\\]/.test(accepted)).toBe(false);
        if (accepted !== '/fallback') {
          // Every decoding of an accepted target is still a path on this site.
          let decoded = accepted;
          for (let i = 0; i < 5; i++) {
            decoded = decodeURIComponent(decoded);
            expect(new URL(decoded, BASE).origin).toBe(BASE);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
