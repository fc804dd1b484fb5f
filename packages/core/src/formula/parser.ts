import { FormulaSyntaxError } from './errors.js';
import { tokenize, type Token } from './tokens.js';

/** A span of the formula text: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A row or column code as written, with its span. */
export interface CodeRef extends Span {
  code: string;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '=' | '<>' | '<' | '<=' | '>' | '>=';

/** A reference: bare (`TH`, `R01`, `[1.1]`: `name`) or a full cell (`R01!TH`: `row` and `column`). */
export type RefNode = Span & { kind: 'ref' } & ({ name: CodeRef; row?: undefined; column?: undefined } | { name?: undefined; row: CodeRef; column: CodeRef });

export type Node =
  | (Span & { kind: 'number'; value: string })
  | (Span & { kind: 'text'; value: string })
  | (Span & { kind: 'boolean'; value: boolean })
  | RefNode
  | (Span & { kind: 'range'; from: RefNode; to: RefNode })
  | (Span & { kind: 'children' })
  | (Span & { kind: 'call'; name: string; nameEnd: number; args: Node[] })
  | (Span & { kind: 'unary'; op: '-' | '+'; arg: Node })
  | (Span & { kind: 'binary'; op: BinaryOp; left: Node; right: Node; opStart: number });

const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);

/**
 * Parses a formula into an AST with source spans. A leading `=` is ignored, as in Excel.
 * Precedence, loosest first: comparison, `+ -`, `* /`, unary `- +`. Throws FormulaSyntaxError.
 */
export function parseFormula(formula: string): Node {
  const tokens = tokenize(formula);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const next = (): Token => tokens[pos++]!;
  const isOp = (t: Token, ...ops: string[]) => t.kind === 'op' && ops.includes(t.value);

  if (isOp(peek(), '=')) pos++;
  if (peek().kind === 'end') throw new FormulaSyntaxError('Công thức trống', 0, 0);
  const root = comparison();
  if (peek().kind !== 'end') throw unexpected(peek());
  return root;

  function comparison(): Node {
    let left = additive();
    while (peek().kind === 'op' && COMPARISONS.has(peek().value)) {
      const op = next();
      const right = additive();
      left = { kind: 'binary', op: op.value as BinaryOp, left, right, start: left.start, end: right.end, opStart: op.start };
    }
    return left;
  }

  function additive(): Node {
    let left = multiplicative();
    while (isOp(peek(), '+', '-')) {
      const op = next();
      const right = multiplicative();
      left = { kind: 'binary', op: op.value as BinaryOp, left, right, start: left.start, end: right.end, opStart: op.start };
    }
    return left;
  }

  function multiplicative(): Node {
    let left = unary();
    while (isOp(peek(), '*', '/')) {
      const op = next();
      const right = unary();
      left = { kind: 'binary', op: op.value as BinaryOp, left, right, start: left.start, end: right.end, opStart: op.start };
    }
    return left;
  }

  function unary(): Node {
    if (isOp(peek(), '-', '+')) {
      const op = next();
      const arg = unary();
      return { kind: 'unary', op: op.value as '-' | '+', arg, start: op.start, end: arg.end };
    }
    return primary();
  }

  function primary(): Node {
    const t = next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.value, start: t.start, end: t.end };
      case 'text':
        return { kind: 'text', value: t.value, start: t.start, end: t.end };
      case '(': {
        const inner = comparison();
        const close = next();
        if (close.kind !== ')') throw close.kind === 'end' ? new FormulaSyntaxError('Dấu "(" này chưa được đóng bằng ")"', t.start, 1) : unexpected(close);
        return { ...inner, start: t.start, end: close.end };
      }
      case 'name': {
        if (peek().kind === '(') return call(t);
        const word = t.value.toUpperCase();
        if (peek().kind !== '!' && peek().kind !== ':') {
          if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE', start: t.start, end: t.end };
          if (word === 'CHILDREN') return { kind: 'children', start: t.start, end: t.end };
        }
        return rangeOrRef(t);
      }
      case 'code':
        return rangeOrRef(t);
      default:
        throw t.kind === 'end' ? new FormulaSyntaxError('Công thức kết thúc đột ngột', t.start, 0) : unexpected(t);
    }
  }

  function call(name: Token): Node {
    next(); // (
    const args: Node[] = [];
    if (peek().kind !== ')') {
      for (;;) {
        args.push(comparison());
        if (peek().kind === ',') {
          next();
          continue;
        }
        break;
      }
    }
    const close = next();
    if (close.kind !== ')') throw close.kind === 'end' ? new FormulaSyntaxError(`Thiếu dấu ")" của hàm ${name.value}`, name.start, name.end - name.start) : unexpected(close);
    return { kind: 'call', name: name.value.toUpperCase(), nameEnd: name.end, args, start: name.start, end: close.end };
  }

  function rangeOrRef(first: Token): Node {
    const from = reference(first);
    if (peek().kind !== ':') return from;
    next();
    const t = next();
    if (t.kind !== 'name' && t.kind !== 'code') throw t.kind === 'end' ? new FormulaSyntaxError('Thiếu điểm cuối của vùng sau ":"', t.start, 0) : unexpected(t);
    const to = reference(t);
    if ((from.name === undefined) !== (to.name === undefined)) {
      throw new FormulaSyntaxError('Hai đầu của vùng phải cùng dạng: A:B hoặc R01!A:R05!B', from.start, to.end - from.start);
    }
    return { kind: 'range', from, to, start: from.start, end: to.end };
  }

  function reference(first: Token): RefNode {
    const a: CodeRef = { code: first.value, start: first.start, end: first.end };
    if (peek().kind !== '!') return { kind: 'ref', name: a, start: a.start, end: a.end };
    next();
    const t = next();
    if (t.kind !== 'name' && t.kind !== 'code') throw t.kind === 'end' ? new FormulaSyntaxError('Thiếu mã cột sau "!"', t.start, 0) : unexpected(t);
    return { kind: 'ref', row: a, column: { code: t.value, start: t.start, end: t.end }, start: a.start, end: t.end };
  }
}

function unexpected(t: Token): FormulaSyntaxError {
  return new FormulaSyntaxError(`Không mong đợi "${t.value}" ở đây`, t.start, t.end - t.start);
}
