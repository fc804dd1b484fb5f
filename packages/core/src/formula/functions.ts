import { expectKind, fail, KIND_NAMES, resolveRef, type Bound, type Kind, type Scope } from './scope.js';
import { average, extreme, logic, sumOf, valuesOf, type Fn } from './ops.js';
import type { Node, Span } from './parser.js';
import type { Dec } from './values.js';

type Call = Extract<Node, { kind: 'call' }>;
type Bind = (node: Node, scope: Scope) => Bound | null;
type Num = Dec | null;

/** The functions of the language, with their number of arguments. */
export const FUNCTIONS: Record<string, { min: number; max: number }> = {
  SUM: { min: 1, max: Infinity },
  AVERAGE: { min: 1, max: Infinity },
  MIN: { min: 1, max: Infinity },
  MAX: { min: 1, max: Infinity },
  ABS: { min: 1, max: 1 },
  ROUND: { min: 2, max: 2 },
  IF: { min: 2, max: 3 },
  AND: { min: 1, max: Infinity },
  OR: { min: 1, max: Infinity },
  NOT: { min: 1, max: 1 },
  ISBLANK: { min: 1, max: 1 },
  PREV: { min: 1, max: 1 },
  LASTYEAR: { min: 1, max: 1 },
  BLANK: { min: 0, max: 0 },
};

/** Binds a function call: checks the name, the arity and the argument types, and builds its closure. */
export function bindCall(node: Call, scope: Scope, bind: Bind): Bound | null {
  const nameSpan = { start: node.start, end: node.nameEnd };
  const spec = FUNCTIONS[node.name];
  if (!spec) return fail(scope, 'unknown_function', nameSpan, `Không có hàm "${node.name}"; các hàm dùng được: ${Object.keys(FUNCTIONS).join(', ')}`);
  const n = node.args.length;
  if (n < spec.min || n > spec.max) {
    const want = spec.max === Infinity ? `ít nhất ${spec.min}` : spec.min === spec.max ? `${spec.min}` : `${spec.min} đến ${spec.max}`;
    return fail(scope, 'wrong_arity', nameSpan, `Hàm ${node.name} cần ${want} tham số, đang có ${n}`);
  }
  switch (node.name) {
    case 'SUM':
    case 'AVERAGE':
    case 'MIN':
    case 'MAX':
      return bindAggregate(node, scope, bind);
    case 'ABS': {
      const f = numberArg(node.args[0]!, scope, bind, node.name);
      return f && { fn: (e) => (f(e) as Num)?.abs() ?? null, kind: 'number' };
    }
    case 'ROUND':
      return bindRound(node, scope, bind);
    case 'IF':
      return bindIf(node, scope, bind);
    case 'AND':
    case 'OR': {
      const fns = node.args.map((a) => booleanArg(a, scope, bind, node.name));
      if (fns.some((f) => f === null)) return null;
      const isAnd = node.name === 'AND';
      return { fn: (e) => logic(e, fns as Fn[], isAnd), kind: 'boolean' };
    }
    case 'NOT': {
      const f = booleanArg(node.args[0]!, scope, bind, 'NOT');
      return (
        f && {
          fn: (e) => {
            const v = f(e);
            return v === null ? null : !v;
          },
          kind: 'boolean',
        }
      );
    }
    case 'ISBLANK': {
      const arg = bind(node.args[0]!, scope);
      return arg && { fn: (e) => arg.fn(e) === null, kind: 'boolean' };
    }
    case 'PREV':
    case 'LASTYEAR':
      return bindOtherPeriod(node, scope);
    default: // BLANK
      return { fn: () => null, kind: 'blank' };
  }
}

function numberArg(arg: Node, scope: Scope, bind: Bind, what: string): Fn | null {
  const b = bind(arg, scope);
  return b && expectKind(scope, b, 'number', arg, `Hàm ${what}`) ? b.fn : null;
}

function booleanArg(arg: Node, scope: Scope, bind: Bind, what: string): Fn | null {
  const b = bind(arg, scope);
  return b && expectKind(scope, b, 'boolean', arg, `Hàm ${what}`) ? b.fn : null;
}

/** SUM, AVERAGE, MIN, MAX: references, ranges and CHILDREN become a flat list of slots read in a loop. */
function bindAggregate(node: Call, scope: Scope, bind: Bind): Bound | null {
  const slots: number[] = [];
  const fns: Fn[] = [];
  let ok = true;
  for (const arg of node.args) {
    if (arg.kind === 'ref' || arg.kind === 'range' || arg.kind === 'children') {
      const found = slotsOf(arg, scope);
      if (!found) ok = false;
      else {
        const width = scope.model.columns.length;
        const wrong = found.find((s) => scope.model.kinds[s % width] !== 'number');
        if (wrong !== undefined) {
          ok = false;
          const c = wrong % width;
          fail(scope, 'type_mismatch', arg, `Hàm ${node.name} cần giá trị số, nhưng cột "${scope.model.columns[c]!.code}" kiểu ${KIND_NAMES[scope.model.kinds[c]!]}`);
          continue;
        }
        slots.push(...found);
        for (const slot of found) scope.deps.push({ slot, start: arg.start, end: arg.end });
      }
    } else {
      const f = numberArg(arg, scope, bind, node.name);
      if (f) fns.push(f);
      else ok = false;
    }
  }
  if (!ok) return null;
  const list = Int32Array.from(slots);
  const fn: Fn =
    node.name === 'SUM'
      ? (e) => sumOf(e, list, fns)
      : node.name === 'AVERAGE'
        ? (e) => average(valuesOf(e, list, fns))
        : node.name === 'MIN'
          ? (e) => extreme(valuesOf(e, list, fns), -1)
          : (e) => extreme(valuesOf(e, list, fns), 1);
  return { fn, kind: 'number' };
}

/** The slots of a reference, a range (a rectangle in template order) or CHILDREN (the current row's children, current column). */
function slotsOf(arg: Extract<Node, { kind: 'ref' | 'range' | 'children' }>, scope: Scope): number[] | null {
  const width = scope.model.columns.length;
  if (arg.kind === 'children') {
    if (scope.row < 0 || scope.col < 0) return fail(scope, 'invalid_argument', arg, 'CHILDREN chỉ dùng trong công thức của một ô (công thức dòng, cột hoặc ô)');
    const kids = scope.model.children[scope.row]!;
    if (!kids.length) return fail(scope, 'invalid_argument', arg, `Dòng "${scope.model.rows[scope.row]!.code}" không có dòng con`);
    return kids.map((r) => r * width + scope.col);
  }
  if (arg.kind === 'ref') {
    const at = resolveRef(arg, scope);
    return at && [at.r * width + at.c];
  }
  const a = resolveRef(arg.from, scope);
  const b = resolveRef(arg.to, scope);
  if (!a || !b) return null;
  if (arg.from.name && scope.axis === 'both' && a.r !== b.r && a.c !== b.c) {
    return fail(scope, 'invalid_argument', arg, 'Hai đầu của vùng phải cùng là cột hoặc cùng là dòng');
  }
  const out: number[] = [];
  for (let r = Math.min(a.r, b.r); r <= Math.max(a.r, b.r); r++) {
    for (let c = Math.min(a.c, b.c); c <= Math.max(a.c, b.c); c++) out.push(r * width + c);
  }
  return out;
}

function bindRound(node: Call, scope: Scope, bind: Bind): Bound | null {
  const f = numberArg(node.args[0]!, scope, bind, 'ROUND');
  const digits = integerLiteral(node.args[1]!);
  if (digits === null || digits < -15 || digits > 20) {
    return fail(scope, 'invalid_argument', node.args[1]!, 'Số chữ số của ROUND phải là một số nguyên cụ thể từ -15 đến 20, ví dụ ROUND(A, 2)');
  }
  if (!f) return null;
  if (digits >= 0) return { fn: (e) => (f(e) as Num)?.toDecimalPlaces(digits) ?? null, kind: 'number' };
  const unit = 10 ** -digits;
  return { fn: (e) => (f(e) as Num)?.div(unit).toDecimalPlaces(0).times(unit) ?? null, kind: 'number' };
}

function integerLiteral(node: Node): number | null {
  if (node.kind === 'number' && /^\d+$/.test(node.value)) return Number(node.value);
  if (node.kind === 'unary' && node.arg.kind === 'number' && /^\d+$/.test(node.arg.value)) return node.op === '-' ? -Number(node.arg.value) : Number(node.arg.value);
  return null;
}

function bindIf(node: Call, scope: Scope, bind: Bind): Bound | null {
  const cond = booleanArg(node.args[0]!, scope, bind, 'IF');
  const then = bind(node.args[1]!, scope);
  const otherwise: Bound | null = node.args[2] ? bind(node.args[2], scope) : { fn: () => null, kind: 'blank' };
  if (!cond || !then || !otherwise) return null;
  const kind: Kind = then.kind === 'blank' ? otherwise.kind : then.kind;
  if (otherwise.kind !== 'blank' && otherwise.kind !== kind) {
    return fail(scope, 'type_mismatch', node.args[2] as Span, `Hai nhánh của IF phải cùng kiểu, nhưng một nhánh là ${KIND_NAMES[then.kind]}, nhánh kia là ${KIND_NAMES[otherwise.kind]}`);
  }
  const a = then.fn;
  const b = otherwise.fn;
  return { fn: (e) => (cond(e) === true ? a(e) : b(e)), kind };
}

/** PREV(ref) and LASTYEAR(ref): the same cell in a grid the caller passes in; not a dependency of this period. */
function bindOtherPeriod(node: Call, scope: Scope): Bound | null {
  const arg = node.args[0]!;
  if (arg.kind !== 'ref') return fail(scope, 'invalid_argument', arg, `${node.name} chỉ nhận một ô, ví dụ ${node.name}(LK) hoặc ${node.name}(R01!TH)`);
  const at = resolveRef(arg, scope);
  if (!at) return null;
  const slot = at.r * scope.model.columns.length + at.c;
  const kind = scope.model.kinds[at.c]!;
  if (node.name === 'PREV') {
    scope.prevSlots.push(slot);
    return { fn: (e) => (e.prev === null ? null : e.prev[slot]!), kind };
  }
  scope.lastSlots.push(slot);
  return { fn: (e) => (e.last === null ? null : e.last[slot]!), kind };
}
