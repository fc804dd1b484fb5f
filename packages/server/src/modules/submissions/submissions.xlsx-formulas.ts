import { buildGridModel, cellKey, parseFormula, type FormulaNode, type GridModel, type TemplateGrid } from '@baocao/core';

/**
 * Where each cell of a form gets its value, decided as the engine does (formula/README.md "Which
 * formula fills a cell"): cell override, else column formula, else row formula, else input.
 */
export type CellSource =
  | { kind: 'input' }
  | { kind: 'disabled' }
  | { kind: 'fixed'; value: string }
  | { kind: 'computed'; formula: string; axis: 'row' | 'column' | 'both' };

/** The source of every cell, by `<row>!<column>` key, in template order. */
export function cellSources(grid: TemplateGrid, model: GridModel = buildGridModel(grid)): Map<string, CellSource> {
  const out = new Map<string, CellSource>();
  for (const r of model.rows) for (const c of model.columns) out.set(cellKey(r.code, c.code), { kind: 'input' });
  for (const r of model.rows) {
    if (r.formula === undefined) continue;
    const columns = r.formulaColumns
      ? r.formulaColumns.map((code) => model.columns[model.columnIndex.get(code.toUpperCase())!]!)
      : model.columns.filter((c) => (c.valueType === 'integer' || c.valueType === 'decimal') && c.formula === undefined);
    for (const c of columns) out.set(cellKey(r.code, c.code), { kind: 'computed', formula: r.formula, axis: 'row' });
  }
  for (const c of model.columns) {
    if (c.formula === undefined) continue;
    for (const r of model.rows) out.set(cellKey(r.code, c.code), { kind: 'computed', formula: c.formula, axis: 'column' });
  }
  for (const cell of grid.cells ?? []) {
    const r = model.rows[model.rowIndex.get(cell.row.toUpperCase())!]!;
    const c = model.columns[model.columnIndex.get(cell.column.toUpperCase())!]!;
    const key = cellKey(r.code, c.code);
    if (cell.mode === 'input' || cell.mode === 'disabled') out.set(key, { kind: cell.mode });
    else if (cell.mode === 'fixed') out.set(key, { kind: 'fixed', value: cell.value });
    else out.set(key, { kind: 'computed', formula: cell.formula, axis: 'both' });
  }
  return out;
}

/** A1 address of a grid position (row and column indexes into the grid) on the form sheet. */
export type AddressOf = (r: number, c: number) => string;

/** An Excel expression for the value (a blank counts as 0) and one that is TRUE when the engine's result is blank. */
type Expr = { v: string; b: string };
type Ctx = { model: GridModel; row: number; col: number; axis: 'row' | 'column' | 'both'; at: AddressOf };

/** Excel's own limit on a formula's length. */
const MAX_FORMULA = 8000;

/**
 * Translates an engine formula into an Excel formula with the same result, blanks included:
 * the engine leaves `TH / KH * 100` blank while KH is blank, Excel would say #DIV/0!, so every
 * operation carries a "blank?" test next to its value and the cell shows "" when the engine would
 * show nothing. The result is rounded to the column's scale, as the engine rounds computed cells.
 * Only numeric formulas built from numbers, references, + - * /, SUM, AVERAGE, MIN, MAX, ABS and
 * ROUND are translated; anything else (IF, comparisons, PREV, text) returns null and the caller
 * writes the computed value instead.
 */
export function excelFormula(model: GridModel, r: number, c: number, formula: string, axis: Ctx['axis'], at: AddressOf): string | null {
  const scale = model.scales[c];
  if (model.kinds[c] !== 'number' || scale === null || scale === undefined) return null;
  let ast: FormulaNode;
  try {
    ast = parseFormula(formula);
  } catch {
    return null;
  }
  const e = translate(ast, { model, row: r, col: c, axis, at });
  if (!e) return null;
  const rounded = `ROUND(${e.v},${scale})`;
  const text = e.b === 'FALSE' ? rounded : `IF(${e.b},"",${rounded})`;
  return text.length > MAX_FORMULA ? null : text;
}

function translate(node: FormulaNode, ctx: Ctx): Expr | null {
  switch (node.kind) {
    case 'number':
      return { v: node.value, b: 'FALSE' };
    case 'ref': {
      const at = resolve(node, ctx);
      if (!at || ctx.model.kinds[at.c] !== 'number') return null;
      const a = ctx.at(at.r, at.c);
      return { v: `N(${a})`, b: `${a}=""` };
    }
    case 'unary': {
      const x = translate(node.arg, ctx);
      return x && { v: node.op === '-' ? `-(${x.v})` : x.v, b: x.b };
    }
    case 'binary': {
      const l = translate(node.left, ctx);
      const r = translate(node.right, ctx);
      if (!l || !r) return null;
      switch (node.op) {
        case '+':
        case '-':
          return { v: `(${l.v}${node.op}${r.v})`, b: and([l.b, r.b]) };
        case '*':
          return { v: `(${l.v}*${r.v})`, b: or([l.b, r.b]) };
        case '/': {
          const b = or([l.b, r.b, `${r.v}=0`]);
          return { v: `IF(${b},0,${l.v}/${r.v})`, b };
        }
        default:
          return null;
      }
    }
    case 'call':
      return translateCall(node, ctx);
    default:
      return null;
  }
}

function translateCall(node: Extract<FormulaNode, { kind: 'call' }>, ctx: Ctx): Expr | null {
  if (node.name === 'ABS' || node.name === 'ROUND') {
    const x = translate(node.args[0]!, ctx);
    if (!x) return null;
    if (node.name === 'ABS') return { v: `ABS(${x.v})`, b: x.b };
    const digits = node.args[1]!;
    const n = digits.kind === 'number' ? digits.value : digits.kind === 'unary' && digits.arg.kind === 'number' ? `${digits.op}${digits.arg.value}` : null;
    return n === null ? null : { v: `ROUND(${x.v},${n})`, b: x.b };
  }
  if (!['SUM', 'AVERAGE', 'MIN', 'MAX'].includes(node.name)) return null;
  // References, ranges and CHILDREN go to Excel as they are: its SUM, COUNT, AVERAGE, MIN and MAX
  // skip empty cells and the "" of blank computed cells, as the engine skips blanks.
  const refs: string[] = [];
  const exprs: Expr[] = [];
  for (const arg of node.args) {
    if (arg.kind === 'ref' || arg.kind === 'range' || arg.kind === 'children') {
      const found = areas(arg, ctx);
      if (!found) return null;
      refs.push(...found);
    } else {
      const x = translate(arg, ctx);
      if (!x) return null;
      exprs.push(x);
    }
  }
  if (node.name !== 'SUM' && exprs.length) return null;
  const list = refs.join(',');
  const none = refs.length ? `COUNT(${list})=0` : 'TRUE';
  if (node.name === 'SUM') return { v: `SUM(${[...(refs.length ? [list] : []), ...exprs.map((x) => x.v)].join(',')})`, b: and([none, ...exprs.map((x) => x.b)]) };
  if (node.name === 'AVERAGE') return { v: `IF(${none},0,AVERAGE(${list}))`, b: none };
  return { v: `${node.name}(${list})`, b: none };
}

/** A1 references or rectangles for a reference, a range or CHILDREN; null when a cell is not numeric. */
function areas(arg: Extract<FormulaNode, { kind: 'ref' | 'range' | 'children' }>, ctx: Ctx): string[] | null {
  const { model } = ctx;
  if (arg.kind === 'children') {
    const kids = model.children[ctx.row] ?? [];
    return kids.length ? kids.map((r) => ctx.at(r, ctx.col)) : null;
  }
  if (arg.kind === 'ref') {
    const at = resolve(arg, ctx);
    return at && model.kinds[at.c] === 'number' ? [ctx.at(at.r, at.c)] : null;
  }
  const a = resolve(arg.from, ctx);
  const b = resolve(arg.to, ctx);
  if (!a || !b) return null;
  const [r1, r2] = [Math.min(a.r, b.r), Math.max(a.r, b.r)];
  const [c1, c2] = [Math.min(a.c, b.c), Math.max(a.c, b.c)];
  for (let c = c1; c <= c2; c++) if (model.kinds[c] !== 'number') return null;
  const from = ctx.at(r1, c1);
  const to = ctx.at(r2, c2);
  return [from === to ? from : `${from}:${to}`];
}

function resolve(ref: Extract<FormulaNode, { kind: 'ref' }>, ctx: Ctx): { r: number; c: number } | null {
  const { model } = ctx;
  if (ref.name === undefined) {
    const r = model.rowIndex.get(ref.row.code.toUpperCase());
    const c = model.columnIndex.get(ref.column.code.toUpperCase());
    return r === undefined || c === undefined ? null : { r, c };
  }
  const code = ref.name.code.toUpperCase();
  const r = model.rowIndex.get(code);
  const c = model.columnIndex.get(code);
  if (ctx.axis === 'column' || (ctx.axis === 'both' && r === undefined)) return c === undefined ? null : { r: ctx.row, c };
  if (ctx.axis === 'row' || (ctx.axis === 'both' && c === undefined)) return r === undefined ? null : { r, c: ctx.col };
  return null;
}

function and(parts: string[]): string {
  if (parts.includes('FALSE')) return 'FALSE';
  const rest = parts.filter((p) => p !== 'TRUE');
  return rest.length === 0 ? 'TRUE' : rest.length === 1 ? rest[0]! : `AND(${rest.join(',')})`;
}

function or(parts: string[]): string {
  if (parts.includes('TRUE')) return 'TRUE';
  const rest = parts.filter((p) => p !== 'FALSE');
  return rest.length === 0 ? 'FALSE' : rest.length === 1 ? rest[0]! : `OR(${rest.join(',')})`;
}

/**
 * Formula text compared as a spreadsheet rewrites it on saving: case, spaces outside strings, `$`,
 * a leading `=` and the spelling of number literals (`1.50`, `.5`) do not matter.
 */
export function sameFormula(a: string, b: string): boolean {
  const number = (n: string) => {
    const [int = '', frac = ''] = n.split('.');
    const f = frac.replace(/0+$/, '');
    return `${int.replace(/^0+(?=\d)/, '') || '0'}${f ? `.${f}` : ''}`;
  };
  const norm = (s: string) =>
    s
      .replace(/^\s*=/, '')
      .split('"')
      .map((part, i) =>
        i % 2 ? part : part.replace(/[\s$]/g, '').toUpperCase().replace(/(^|[^A-Z0-9_.])(\d+(?:\.\d+)?|\.\d+)(?![\d.A-Z_(])/g, (_, before: string, n: string) => before + number(n)),
      )
      .join('"');
  return norm(a) === norm(b);
}
