/**
 * CESQL lexer (hand-written; no JavaScript CESQL library exists). Keywords are case-insensitive; words
 * are `[A-Za-z0-9_]+`, all-digit words are integer literals. String literals are '…' or "…": `\'` / `\"`
 * and a doubled quote stand for the quote, any other backslash pair is kept verbatim so that LIKE
 * patterns see their `\%` and `\_` escapes.
 */
import { CesqlParseError } from './errors.js';

export type TokenKind = 'int' | 'string' | 'ident' | 'keyword' | 'op' | '(' | ')' | ',' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text (keywords upper-cased, string literals unescaped without quotes). */
  text: string;
  /** 0-based offset of the token's first character. */
  pos: number;
}

const KEYWORDS = new Set(['AND', 'OR', 'XOR', 'NOT', 'LIKE', 'IN', 'EXISTS', 'TRUE', 'FALSE']);
const TWO_CHAR_OPS = new Set(['!=', '<>', '<=', '>=']);
const ONE_CHAR_OPS = new Set(['=', '<', '>', '+', '-', '*', '/', '%']);

const isWordChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isWordChar(c)) {
      while (i < src.length && isWordChar(src.charCodeAt(i))) i++;
      const word = src.slice(start, i);
      const upper = word.toUpperCase();
      if (/^[0-9]+$/.test(word)) tokens.push({ kind: 'int', text: word, pos: start });
      else if (KEYWORDS.has(upper)) tokens.push({ kind: 'keyword', text: upper, pos: start });
      else tokens.push({ kind: 'ident', text: word, pos: start });
      continue;
    }
    const ch = src[i]!;
    if (ch === "'" || ch === '"') {
      const [text, end] = readString(src, i);
      tokens.push({ kind: 'string', text, pos: start });
      i = end;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, text: ch, pos: start });
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      tokens.push({ kind: 'op', text: two, pos: start });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.has(ch)) {
      tokens.push({ kind: 'op', text: ch, pos: start });
      i++;
      continue;
    }
    throw new CesqlParseError(start, `unexpected character '${ch}'`);
  }
  tokens.push({ kind: 'eof', text: '', pos: src.length });
  return tokens;
}

/** Reads the string literal opening at `start`; returns its value and the offset after the closing quote. */
function readString(src: string, start: number): [string, number] {
  const quote = src[start]!;
  let out = '';
  let i = start + 1;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\' && i + 1 < src.length) {
      const next = src[i + 1]!;
      out += next === quote ? quote : ch + next;
      i += 2;
    } else if (ch === quote) {
      if (src[i + 1] === quote) {
        out += quote;
        i += 2;
      } else {
        return [out, i + 1];
      }
    } else {
      out += ch;
      i++;
    }
  }
  throw new CesqlParseError(start, 'unterminated string literal');
}
