/**
 * LIKE patterns compiled once to a matcher: `%` is any run of characters, `_` exactly one character
 * (code point), `\%` `\_` `\\` match `%` `_` `\` literally, and any other backslash is itself. Plain,
 * prefix, suffix and infix patterns skip the regular expression.
 */
type Part = string | typeof ANY | typeof ONE;
const ANY = Symbol('%');
const ONE = Symbol('_');

function parts(pattern: string): Part[] {
  const out: Part[] = [];
  let lit = '';
  const flush = () => {
    if (lit) out.push(lit);
    lit = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    const next = pattern[i + 1];
    if (ch === '\\' && (next === '%' || next === '_' || next === '\\')) {
      lit += next;
      i++;
    } else if (ch === '%') {
      flush();
      if (out[out.length - 1] !== ANY) out.push(ANY);
    } else if (ch === '_') {
      flush();
      out.push(ONE);
    } else {
      lit += ch;
    }
  }
  flush();
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function compileLike(pattern: string): (value: string) => boolean {
  const p = parts(pattern);
  const [a, b, c] = p;
  if (p.length === 0) return (v) => v === '';
  if (p.length === 1 && typeof a === 'string') return (v) => v === a;
  if (p.length === 1 && a === ANY) return () => true;
  if (p.length === 2 && typeof a === 'string' && b === ANY) return (v) => v.startsWith(a);
  if (p.length === 2 && a === ANY && typeof b === 'string') return (v) => v.endsWith(b);
  if (p.length === 3 && a === ANY && typeof b === 'string' && c === ANY) return (v) => v.includes(b);
  const source = p.map((x) => (x === ANY ? '.*' : x === ONE ? '.' : escapeRegExp(x))).join('');
  const re = new RegExp(`^${source}$`, 'su');
  return (v) => re.test(v);
}
