import { bindCall } from './functions.js';
import { add, cmpDates, cmpNumbers, div, mul, neg, sameScalar, sub, type Fn } from './ops.js';
import type { Node } from './parser.js';
import { expectKind, fail, KIND_NAMES, resolveRef, type Bound, type Scope } from './scope.js';
import { Dec } from './values.js';

type Num = Dec | null;
const ORDER_TESTS: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

/** Resolves, type-checks and compiles an AST into a closure over the slot array. Errors go to scope.errors. */
export function bindNode(node: Node, scope: Scope): Bound | null {
  switch (node.kind) {
    case 'number': {
      const d = new Dec(node.value);
      return { fn: () => d, kind: 'number' };
    }
    case 'text': {
      const s = node.value;
      return { fn: () => (s === '' ? null : s), kind: 'text' };
    }
    case 'boolean': {
      const b = node.value;
      return { fn: () => b, kind: 'boolean' };
    }
    case 'ref': {
      const at = resolveRef(node, scope);
      if (!at) return null;
      const slot = at.r * scope.model.columns.length + at.c;
      scope.deps.push({ slot, start: node.start, end: node.end });
      return { fn: (e) => e.cur[slot]!, kind: scope.model.kinds[at.c]! };
    }
    case 'range':
    case 'children':
      return fail(scope, 'invalid_argument', node, `${node.kind === 'range' ? 'Vùng ô' : 'CHILDREN'} chỉ dùng được trong SUM, AVERAGE, MIN, MAX`);
    case 'unary': {
      const arg = bindNode(node.arg, scope);
      if (!arg || !expectKind(scope, arg, 'number', node.arg, `Dấu "${node.op}"`)) return null;
      const f = arg.fn;
      return { fn: node.op === '-' ? (e) => neg(f(e) as Num) : f, kind: 'number' };
    }
    case 'binary':
      return bindBinary(node, scope);
    case 'call':
      return bindCall(node, scope, bindNode);
  }
}

function bindBinary(node: Extract<Node, { kind: 'binary' }>, scope: Scope): Bound | null {
  const l = bindNode(node.left, scope);
  const r = bindNode(node.right, scope);
  if (!l || !r) return null;
  const lf = l.fn;
  const rf = r.fn;
  const op = node.op;
  if (op === '+' || op === '-' || op === '*' || op === '/') {
    const okLeft = expectKind(scope, l, 'number', node.left, `Phép "${op}"`);
    const okRight = expectKind(scope, r, 'number', node.right, `Phép "${op}"`);
    if (!okLeft || !okRight) return null;
    const fn: Fn =
      op === '+'
        ? (e) => add(lf(e) as Num, rf(e) as Num)
        : op === '-'
          ? (e) => sub(lf(e) as Num, rf(e) as Num)
          : op === '*'
            ? (e) => mul(lf(e) as Num, rf(e) as Num)
            : (e) => div(lf(e) as Num, rf(e) as Num, e);
    return { fn, kind: 'number' };
  }
  const kind = l.kind === 'blank' ? r.kind : l.kind;
  if (r.kind !== 'blank' && r.kind !== kind) {
    return fail(scope, 'type_mismatch', node.right, `Không so sánh được giá trị ${KIND_NAMES[l.kind]} với giá trị ${KIND_NAMES[r.kind]}`);
  }
  const test = ORDER_TESTS[op]!;
  const span = { start: node.opStart, end: node.opStart + op.length };
  switch (kind) {
    case 'number':
    case 'blank':
      return { fn: (e) => orNull(cmpNumbers(lf(e) as Num, rf(e) as Num), test), kind: 'boolean' };
    case 'date':
      return { fn: (e) => orNull(cmpDates(lf(e), rf(e)), test), kind: 'boolean' };
    case 'text':
    case 'boolean': {
      if (op !== '=' && op !== '<>') return fail(scope, 'type_mismatch', span, `Giá trị ${KIND_NAMES[kind]} chỉ so sánh bằng (=) hoặc khác (<>)`);
      const zero = kind === 'text' ? '' : false;
      if (op === '=') return { fn: (e) => sameScalar(lf(e), rf(e), zero), kind: 'boolean' };
      return { fn: (e) => negate(sameScalar(lf(e), rf(e), zero)), kind: 'boolean' };
    }
  }
}

function orNull(c: number | null, test: (c: number) => boolean): boolean | null {
  return c === null ? null : test(c);
}

function negate(b: boolean | null): boolean | null {
  return b === null ? null : !b;
}

