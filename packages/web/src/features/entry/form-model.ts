import { cellKey, compileTemplate, type Evaluator, type FormState, type GridColumn, type GridRow, type TemplateError, type TemplateGrid } from '@baocao/core';
import { i18n } from '../../shared/i18n';

/** How a cell is filled: typed in, computed by a formula, a fixed value of the template, or not used. */
export type CellMode = 'input' | 'computed' | 'fixed' | 'disabled';

/** A numeric template compiled once for live checks, with what the grid needs to know of each cell. */
export interface FormModel {
  grid: TemplateGrid;
  rows: GridRow[];
  columns: GridColumn[];
  evaluator: Evaluator | null;
  errors: TemplateError[];
  modes: Map<string, CellMode>;
  columnByCode: Map<string, GridColumn>;
  rowByCode: Map<string, GridRow>;
  /** Rows with indented rows under them: shown bold. */
  parents: Set<string>;
}

/** Compiles the template's grid and classifies its cells (same engine as the server). */
export function buildFormModel(grid: TemplateGrid): FormModel {
  const compiled = compileTemplate(grid);
  const modes = new Map<string, CellMode>();
  const overrides = new Map((grid.cells ?? []).map((c) => [cellKey(c.row, c.column), c.mode]));
  const computed = new Set(compiled.ok ? compiled.evaluator.computedCells : []);
  for (const row of grid.rows) {
    for (const column of grid.columns) {
      const key = cellKey(row.code, column.code);
      const override = overrides.get(key);
      modes.set(key, override === 'disabled' || override === 'fixed' ? override : computed.has(key) ? 'computed' : 'input');
    }
  }
  return {
    grid,
    rows: grid.rows,
    columns: grid.columns,
    evaluator: compiled.ok ? compiled.evaluator : null,
    errors: compiled.ok ? [] : compiled.errors,
    modes,
    columnByCode: new Map(grid.columns.map((c) => [c.code, c])),
    rowByCode: new Map(grid.rows.map((r) => [r.code, r])),
    parents: new Set(grid.rows.filter((r, i) => (grid.rows[i + 1]?.level ?? -1) > r.level).map((r) => r.code)),
  };
}

/** The cross-period context as the engine wants it: unknown periods left out, so their checks are skipped. */
export function evaluationContext(context: FormState['context']) {
  return { ...(context.previous ? { previous: context.previous } : {}), ...(context.lastYear ? { lastYear: context.lastYear } : {}) };
}

/** A cell named for people: `Dòng 1 “Thu thuế”, cột “Kế hoạch năm”`. */
export function cellLabel(model: FormModel, key: string): string {
  const [rowCode = '', columnCode = ''] = key.split('!');
  const row = model.rowByCode.get(rowCode);
  const column = model.columnByCode.get(columnCode);
  if (!row || !column) return key;
  return i18n.t('entry.cell', { row: row.displayNo || row.code, name: row.name, column: column.headerPath.join(' – ') });
}
