/**
 * Standard base64 as Go's `encoding/base64.StdEncoding` checks it when Kubernetes decodes a Secret's
 * `data`: the error names the first bad byte offset exactly as Go does (`illegal base64 data at input
 * byte 0`), which is what kubectl users see.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const isNewline = (c: string | undefined) => c === '\n' || c === '\r';
const corrupt = (offset: number) => `illegal base64 data at input byte ${offset}`;

/** The Go decoding error for `s`, or undefined when `s` is valid padded standard base64. */
export function base64Error(s: string): string | undefined {
  let si = 0;
  while (si < s.length) {
    for (let j = 0; j < 4; j++) {
      if (si === s.length) return j === 0 ? undefined : corrupt(si - j);
      const c = s[si++]!;
      if (ALPHABET.includes(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== '=' || j < 2) return corrupt(si - 1);
      if (j === 2) {
        while (si < s.length && isNewline(s[si])) si++;
        if (si === s.length) return corrupt(s.length);
        if (s[si] !== '=') return corrupt(si - 1);
        si++;
      }
      while (si < s.length && isNewline(s[si])) si++;
      return si < s.length ? corrupt(si) : undefined;
    }
  }
  return undefined;
}

export const encodeBase64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** Decoded byte length of a valid base64 string. */
export const base64DecodedLength = (s: string): number => Buffer.from(s, 'base64').length;
