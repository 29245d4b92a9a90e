/**
 * Kubernetes label selectors in their string form (`?labelSelector=`), as k8s.io/apimachinery/pkg/labels
 * parses them: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`, `a>1`, `a<1`; a comma is AND.
 * Written by hand: the grammar is small and no maintained npm package implements it faithfully.
 */
import { badRequest } from '../errors.js';

export type Operator = 'exists' | 'notExists' | 'equals' | 'notEquals' | 'in' | 'notIn' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export interface LabelSelector {
  readonly requirements: readonly Requirement[];
  /** True when the selector has no requirements and so matches everything. */
  readonly empty: boolean;
  matches(labels: Record<string, string> | undefined): boolean;
}

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_NAME_PART = 63;
const MAX_PREFIX = 253;
const SPECIAL = '=!(),<>';

type TokenKind = 'ident' | 'in' | 'notin' | '!' | '=' | '==' | '!=' | '(' | ')' | ',' | '<' | '>' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (SPECIAL.includes(c)) {
      const two = text.slice(i, i + 2);
      const kind = (two === '==' || two === '!=' ? two : c) as TokenKind;
      tokens.push({ kind, text: kind });
      i += kind.length;
    } else {
      let j = i;
      while (j < text.length && !SPECIAL.includes(text[j]!) && !/\s/.test(text[j]!)) j++;
      const word = text.slice(i, j);
      tokens.push({ kind: word === 'in' || word === 'notin' ? word : 'ident', text: word });
      i = j;
    }
  }
  tokens.push({ kind: 'eof', text: 'end of selector' });
  return tokens;
}

function keyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0 && (prefix.length === 0 || prefix.length > MAX_PREFIX || !DNS_SUBDOMAIN.test(prefix))) {
    return `invalid label key "${key}": prefix must be a DNS subdomain`;
  }
  if (name.length === 0 || name.length > MAX_NAME_PART || !NAME_PART.test(name)) {
    return `invalid label key "${key}": name must be at most 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric`;
  }
  return undefined;
}

function valueProblem(value: string): string | undefined {
  if (value === '' || (value.length <= MAX_NAME_PART && NAME_PART.test(value))) return undefined;
  return `invalid label value "${value}": must be empty or at most 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric`;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    return this.tokens[Math.min(this.pos++, this.tokens.length - 1)]!;
  }

  private expect(kind: TokenKind, what: string): Token {
    const t = this.next();
    if (t.kind !== kind) throw new Error(`expected ${what}, found "${t.text}"`);
    return t;
  }

  parse(): Requirement[] {
    const out: Requirement[] = [];
    if (this.peek().kind === 'eof') return out;
    for (;;) {
      out.push(this.requirement());
      const t = this.next();
      if (t.kind === 'eof') return out;
      if (t.kind !== ',') throw new Error(`expected "," or end of selector, found "${t.text}"`);
    }
  }

  private key(): string {
    const key = this.expect('ident', 'a label key').text;
    const problem = keyProblem(key);
    if (problem) throw new Error(problem);
    return key;
  }

  private value(): string {
    const t = this.peek();
    if (t.kind === ',' || t.kind === ')' || t.kind === 'eof') return '';
    const value = this.expect('ident', 'a label value').text;
    const problem = valueProblem(value);
    if (problem) throw new Error(problem);
    return value;
  }

  private requirement(): Requirement {
    if (this.peek().kind === '!') {
      this.next();
      return { key: this.key(), operator: 'notExists', values: [] };
    }
    const key = this.key();
    const op = this.peek();
    switch (op.kind) {
      case ',':
      case 'eof':
        return { key, operator: 'exists', values: [] };
      case '=':
      case '==':
      case '!=':
        this.next();
        return { key, operator: op.kind === '!=' ? 'notEquals' : 'equals', values: [this.value()] };
      case 'in':
      case 'notin':
        this.next();
        return { key, operator: op.kind === 'in' ? 'in' : 'notIn', values: this.set(op.kind) };
      case '<':
      case '>': {
        this.next();
        const bound = this.expect('ident', 'an integer').text;
        if (!/^-?\d+$/.test(bound))
          throw new Error(`for "${op.kind}", the value must be an integer, was "${bound}"`);
        return { key, operator: op.kind === '<' ? 'lt' : 'gt', values: [bound] };
      }
      default:
        throw new Error(`expected an operator after "${key}", found "${op.text}"`);
    }
  }

  private set(op: string): string[] {
    this.expect('(', `"(" after "${op}"`);
    if (this.peek().kind === ')') throw new Error(`for "${op}", the set of values can't be empty`);
    const values: string[] = [];
    for (;;) {
      values.push(this.value());
      const t = this.next();
      if (t.kind === ')') return values;
      if (t.kind !== ',') throw new Error(`expected "," or ")" in the set of values, found "${t.text}"`);
    }
  }
}

function matchesRequirement(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case 'exists':
      return has;
    case 'notExists':
      return !has;
    case 'equals':
    case 'in':
      return has && r.values.includes(value!);
    case 'notEquals':
    case 'notIn':
      return !has || !r.values.includes(value!);
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value!)) return false;
      const n = Number(value);
      const bound = Number(r.values[0]);
      return r.operator === 'gt' ? n > bound : n < bound;
    }
  }
}

/** Parses a selector; an invalid one is a 400 BadRequest naming the selector and what is wrong. */
export function parseLabelSelector(text: string | undefined): LabelSelector {
  let requirements: Requirement[];
  try {
    requirements = new Parser(tokenize(text ?? '')).parse();
  } catch (err) {
    throw badRequest(`invalid label selector "${text}": ${(err as Error).message}`);
  }
  return {
    requirements,
    empty: requirements.length === 0,
    matches: (labels) => requirements.every((r) => matchesRequirement(r, labels ?? {})),
  };
}
