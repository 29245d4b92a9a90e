/**
 * Where a value sits in JSON text that `JSON.parse` has already accepted. Structured events keep their
 * `data` as the exact bytes that were sent (a JSON round trip would round 64-bit integers and re-escape
 * strings), so the parser slices the member's text instead of re-serialising the parsed value.
 * The scanner trusts its input to be valid JSON; it is not a validator.
 */

const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export function skipWhitespace(text: string, i: number): number {
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string whose opening quote is at `i`. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const quote = text.indexOf('"', j);
    if (quote === -1) return text.length;
    let backslashes = 0;
    for (let k = quote - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    j = quote + 1;
  }
}

/** Index just past the value that starts at `i` (no leading whitespace). */
export function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return stringEnd(text, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 0x22) j = stringEnd(text, j) - 1;
      else if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 0x2c || d === 0x7d || d === 0x5d || isWhitespace(d)) break;
    j++;
  }
  return j;
}

/**
 * The [start, end) of member `name`'s value in the object that starts at `objectStart` ("{"). Like
 * `JSON.parse`, the last of duplicate members wins.
 */
export function memberSpan(text: string, objectStart: number, name: string): [number, number] | undefined {
  let span: [number, number] | undefined;
  let i = skipWhitespace(text, objectStart + 1);
  while (i < text.length && text.charCodeAt(i) === 0x22) {
    const keyEnd = stringEnd(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
    i = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1); // past ":"
    const end = valueEnd(text, i);
    if (key === name) span = [i, end];
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) !== 0x2c) break;
    i = skipWhitespace(text, i + 1);
  }
  return span;
}

/** Start indexes of the elements of the array that starts at `arrayStart` ("["). */
export function elementStarts(text: string, arrayStart: number): number[] {
  const starts: number[] = [];
  let i = skipWhitespace(text, arrayStart + 1);
  if (text.charCodeAt(i) === 0x5d) return starts;
  while (i < text.length) {
    starts.push(i);
    i = skipWhitespace(text, valueEnd(text, i));
    if (text.charCodeAt(i) !== 0x2c) break;
    i = skipWhitespace(text, i + 1);
  }
  return starts;
}
