/**
 * CESQL parser (hand-written, precedence climbing) producing the AST the evaluator compiles. Precedence
 * follows CESQL v1 §3.6, highest first: function invocations; unary NOT and `-`; LIKE; EXISTS; IN;
 * `* / %`; `+ -`; comparisons; AND, OR, XOR — one level, left to right. A `-` directly before an integer
 * literal is part of the literal, so -2147483648 is a valid integer.
 */
import { CesqlParseError } from './errors.js';
import { type Token, tokenize } from './lexer.js';

export type Literal = boolean | number | string;

export type Node =
  | { type: 'literal'; value: Literal; pos: number }
  | { type: 'attribute'; name: string; pos: number }
  | { type: 'exists'; name: string; pos: number }
  | { type: 'unary'; op: 'NOT' | '-'; operand: Node; pos: number }
  | { type: 'binary'; op: BinaryOp; left: Node; right: Node; pos: number }
  | { type: 'like'; operand: Node; pattern: string; negated: boolean; pos: number }
  | { type: 'in'; operand: Node; set: Node[]; negated: boolean; pos: number }
  | { type: 'call'; name: string; args: Node[]; pos: number };

export type BinaryOp =
  | 'AND'
  | 'OR'
  | 'XOR'
  | '='
  | '!='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%';

const INT_MAX = 2147483647;

/** Binding powers: higher binds tighter. */
const BP_LOGIC = 10;
const BP_COMPARISON = 20;
const BP_ADDITIVE = 30;
const BP_MULTIPLICATIVE = 40;
const BP_IN = 50;
const BP_LIKE = 60;
const BP_UNARY = 70;

const BINARY_BP: Record<string, number> = {
  AND: BP_LOGIC,
  OR: BP_LOGIC,
  XOR: BP_LOGIC,
  '=': BP_COMPARISON,
  '!=': BP_COMPARISON,
  '<>': BP_COMPARISON,
  '<': BP_COMPARISON,
  '<=': BP_COMPARISON,
  '>': BP_COMPARISON,
  '>=': BP_COMPARISON,
  '+': BP_ADDITIVE,
  '-': BP_ADDITIVE,
  '*': BP_MULTIPLICATIVE,
  '/': BP_MULTIPLICATIVE,
  '%': BP_MULTIPLICATIVE,
};

const ATTRIBUTE_NAME = /^[A-Za-z0-9]+$/;
const FUNCTION_NAME = /^[A-Za-z][A-Za-z_]*$/;

/** Parses a whole expression; throws `CesqlParseError`. */
export function parse(expression: string): Node {
  return new Parser(tokenize(expression)).parseAll();
}

const describe = (t: Token) =>
  t.kind === 'eof'
    ? 'unexpected end of expression'
    : `unexpected token ${t.kind === 'string' ? JSON.stringify(t.text) : `'${t.text}'`}`;

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parseAll(): Node {
    const node = this.expression(0);
    const t = this.peek();
    if (t.kind !== 'eof') throw new CesqlParseError(t.pos, describe(t));
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private expect(kind: Token['kind']): Token {
    const t = this.next();
    if (t.kind !== kind) throw new CesqlParseError(t.pos, describe(t));
    return t;
  }

  /** Parses operators that bind tighter than `minBp`; all binary operators are left-associative. */
  private expression(minBp: number): Node {
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'keyword' && (t.text === 'LIKE' || t.text === 'IN' || t.text === 'NOT')) {
        const negated = t.text === 'NOT';
        const opTok = negated ? this.peek(1) : t;
        if (negated && !(opTok.kind === 'keyword' && (opTok.text === 'LIKE' || opTok.text === 'IN'))) {
          throw new CesqlParseError(opTok.pos, `${describe(opTok)}, expected LIKE or IN after NOT`);
        }
        const bp = opTok.text === 'LIKE' ? BP_LIKE : BP_IN;
        if (bp <= minBp) return left;
        this.i += negated ? 2 : 1;
        left = opTok.text === 'LIKE' ? this.like(left, negated, t.pos) : this.inSet(left, negated, t.pos);
        continue;
      }
      const bp = (t.kind === 'op' || t.kind === 'keyword') && BINARY_BP[t.text];
      if (!bp || bp <= minBp) return left;
      this.i++;
      const right = this.expression(bp);
      left = { type: 'binary', op: t.text as BinaryOp, left, right, pos: t.pos };
    }
  }

  private like(operand: Node, negated: boolean, pos: number): Node {
    const p = this.next();
    if (p.kind !== 'string') {
      throw new CesqlParseError(p.pos, `${describe(p)}, the LIKE pattern must be a string literal`);
    }
    return { type: 'like', operand, pattern: p.text, negated, pos };
  }

  private inSet(operand: Node, negated: boolean, pos: number): Node {
    this.expect('(');
    const set = [this.expression(0)];
    while (this.peek().kind === ',') {
      this.i++;
      set.push(this.expression(0));
    }
    this.expect(')');
    return { type: 'in', operand, set, negated, pos };
  }

  private prefix(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'int':
        return { type: 'literal', value: this.integer(t, 1), pos: t.pos };
      case 'string':
        return { type: 'literal', value: t.text, pos: t.pos };
      case '(': {
        const inner = this.expression(0);
        this.expect(')');
        return inner;
      }
      case 'ident':
        return this.peek().kind === '(' ? this.call(t) : this.attribute(t);
      case 'op':
        if (t.text === '-') {
          const n = this.peek();
          if (n.kind === 'int') {
            this.i++;
            return { type: 'literal', value: this.integer(n, -1), pos: t.pos };
          }
          return { type: 'unary', op: '-', operand: this.expression(BP_UNARY), pos: t.pos };
        }
        break;
      case 'keyword':
        if (t.text === 'TRUE' || t.text === 'FALSE')
          return { type: 'literal', value: t.text === 'TRUE', pos: t.pos };
        if (t.text === 'NOT')
          return { type: 'unary', op: 'NOT', operand: this.expression(BP_UNARY), pos: t.pos };
        if (t.text === 'EXISTS') {
          const id = this.next();
          if (id.kind !== 'ident')
            throw new CesqlParseError(id.pos, `${describe(id)}, expected an attribute name`);
          return { type: 'exists', name: this.attribute(id).name, pos: t.pos };
        }
        break;
      default:
        break;
    }
    throw new CesqlParseError(t.pos, describe(t));
  }

  private integer(t: Token, sign: 1 | -1): number {
    const n = sign * Number(t.text);
    if (n > INT_MAX || n < -INT_MAX - 1) {
      throw new CesqlParseError(
        t.pos,
        `integer literal ${sign < 0 ? '-' : ''}${t.text} is not a 32-bit integer`,
      );
    }
    return n === 0 ? 0 : n;
  }

  private attribute(t: Token): { type: 'attribute'; name: string; pos: number } {
    if (!ATTRIBUTE_NAME.test(t.text)) throw new CesqlParseError(t.pos, `invalid attribute name '${t.text}'`);
    // Attribute names are lowercase in CloudEvents; identifiers are matched case-insensitively.
    return { type: 'attribute', name: t.text.toLowerCase(), pos: t.pos };
  }

  private call(t: Token): Node {
    if (!FUNCTION_NAME.test(t.text)) throw new CesqlParseError(t.pos, `invalid function name '${t.text}'`);
    this.expect('(');
    const args: Node[] = [];
    if (this.peek().kind !== ')') {
      args.push(this.expression(0));
      while (this.peek().kind === ',') {
        this.i++;
        args.push(this.expression(0));
      }
    }
    this.expect(')');
    return { type: 'call', name: t.text.toUpperCase(), args, pos: t.pos };
  }
}
