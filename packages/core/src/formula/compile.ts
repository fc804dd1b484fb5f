import { cellKey, type TemplateGrid } from '../templates/grid.js';
import { findGridProblems } from '../templates/grid-checks.js';
import { buildGridModel, codeKey, isSummableColumn, type GridModel } from '../templates/grid-model.js';
import { bindNode } from './bind.js';
import { buildChecks } from './constraints.js';
import { FormulaSyntaxError, templateError, type ErrorPlace, type TemplateError } from './errors.js';
import { createEvaluator, type Evaluator } from './evaluate.js';
import { orderCells, type FormulaCell } from './graph.js';
import { parseFormula, type Node } from './parser.js';
import { KIND_NAMES, type Scope } from './scope.js';
import { parseCellValue, type Value } from './values.js';

export type CompileResult = { ok: true; evaluator: Evaluator } | { ok: false; errors: TemplateError[] };

type Place = Omit<ErrorPlace, 'formula' | 'offset' | 'length'>;
type Source =
  | { kind: 'input' }
  | { kind: 'disabled' }
  | { kind: 'fixed'; value: Value }
  | { kind: 'formula'; text: string; axis: Scope['axis']; place: Place };

/**
 * Compiles a whole template once: checks the grid, parses and type-checks every row, column and
 * cell formula and every constraint, rejects cycles, and orders the computed cells. Which formula
 * fills a cell: its cell override, else its column's formula, else its row's formula, else it is
 * an input. Errors are Vietnamese, with the place and the span inside the formula.
 */
export function compileTemplate(grid: TemplateGrid): CompileResult {
  const problems = findGridProblems(grid);
  if (problems.length) return { ok: false, errors: problems.map(({ path: _path, ...error }) => error) };

  const model = buildGridModel(grid);
  const width = model.columns.length;
  const keys = model.rows.flatMap((r) => model.columns.map((c) => cellKey(r.code, c.code)));
  const errors: TemplateError[] = [];
  const parse = parser(errors);
  const sources = assignSources(grid, model);

  const cells: FormulaCell[] = [];
  const prevSlots = new Set<number>();
  const lastSlots = new Set<number>();
  const inputSlots: number[] = [];
  const fixed: { slot: number; value: Value }[] = [];
  const disabled = new Uint8Array(keys.length);
  sources.forEach((source, slot) => {
    if (source.kind === 'input') inputSlots.push(slot);
    else if (source.kind === 'disabled') disabled[slot] = 1;
    else if (source.kind === 'fixed') fixed.push({ slot, value: source.value });
    else {
      const ast = parse(source.text, source.place);
      if (!ast) return;
      const r = Math.floor(slot / width);
      const c = slot % width;
      const scope: Scope = { model, axis: source.axis, row: r, col: c, formula: source.text, place: source.place, errors, deps: [], prevSlots: [], lastSlots: [] };
      const bound = bindNode(ast, scope);
      if (!bound) return;
      const want = model.kinds[c]!;
      if (bound.kind !== want && bound.kind !== 'blank') {
        const where = { ...source.place, formula: source.text, offset: 0, length: source.text.length };
        errors.push(templateError('type_mismatch', where, `Công thức cho giá trị ${KIND_NAMES[bound.kind]} nhưng cột "${model.columns[c]!.code}" kiểu ${KIND_NAMES[want]}`));
        return;
      }
      scope.prevSlots.forEach((s) => prevSlots.add(s));
      scope.lastSlots.forEach((s) => lastSlots.add(s));
      cells.push({ slot, fn: bound.fn, deps: scope.deps, formula: source.text, place: source.place, scale: model.scales[c]! });
    }
  });

  const checks = buildChecks({ model, keys, disabled, parse, errors, prevSlots, lastSlots }, grid.constraints ?? []);
  if (errors.length) return { ok: false, errors: dedupe(errors) };

  const { order, errors: cycles } = orderCells(cells, keys.length, keys);
  if (cycles.length) return { ok: false, errors: dedupe(cycles) };

  const evaluator = createEvaluator({ model, keys, inputSlots, fixed, order, checks, prevSlots: [...prevSlots], lastSlots: [...lastSlots] });
  return { ok: true, evaluator };
}

/** Decides where each cell's value comes from: cell override, else column formula, else row formula, else input. */
function assignSources(grid: TemplateGrid, model: GridModel): Source[] {
  const width = model.columns.length;
  const sources: Source[] = new Array<Source>(model.rows.length * width).fill({ kind: 'input' });
  model.rows.forEach((row, r) => {
    if (row.formula === undefined) return;
    const columns = row.formulaColumns
      ? row.formulaColumns.map((code) => model.columnIndex.get(codeKey(code))!)
      : model.columns.flatMap((col, c) => (isSummableColumn(col) ? [c] : []));
    for (const c of columns) sources[r * width + c] = { kind: 'formula', text: row.formula, axis: 'row', place: { row: row.code } };
  });
  model.columns.forEach((col, c) => {
    if (col.formula === undefined) return;
    for (let r = 0; r < model.rows.length; r++) sources[r * width + c] = { kind: 'formula', text: col.formula, axis: 'column', place: { column: col.code } };
  });
  for (const cell of grid.cells ?? []) {
    const r = model.rowIndex.get(codeKey(cell.row))!;
    const c = model.columnIndex.get(codeKey(cell.column))!;
    const slot = r * width + c;
    if (cell.mode === 'input' || cell.mode === 'disabled') sources[slot] = { kind: cell.mode };
    else if (cell.mode === 'computed') sources[slot] = { kind: 'formula', text: cell.formula, axis: 'both', place: { row: cell.row, column: cell.column } };
    else {
      const parsed = parseCellValue(cell.value, model.kinds[c]!, model.scales[c]!);
      sources[slot] = { kind: 'fixed', value: parsed.ok ? parsed.value : null };
    }
  }
  return sources;
}

/** Parses each distinct formula text once; a syntax error is reported at every place that uses the text. */
function parser(errors: TemplateError[]): (text: string, place: Place) => Node | null {
  const cache = new Map<string, Node | FormulaSyntaxError>();
  return (text, place) => {
    let parsed = cache.get(text);
    if (parsed === undefined) {
      try {
        parsed = parseFormula(text);
      } catch (e) {
        if (!(e instanceof FormulaSyntaxError)) throw e;
        parsed = e;
      }
      cache.set(text, parsed);
    }
    if (!(parsed instanceof FormulaSyntaxError)) return parsed;
    errors.push(templateError('syntax_error', { ...place, formula: text, offset: parsed.offset, length: parsed.length }, parsed.message));
    return null;
  };
}

/** A column formula is bound once per row: report each of its errors once. */
function dedupe(errors: TemplateError[]): TemplateError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const w = e.where;
    const key = [e.code, w.row, w.column, w.constraintId, w.formula, w.offset, w.length, w.formula ? '' : e.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
