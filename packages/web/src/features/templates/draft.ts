import {
  compileTemplate,
  type CellOverride,
  TemplateGridShape,
  type Constraint,
  type GridColumn,
  type GridRow,
  type NumericLayout,
  type TemplateError,
  type TemplateGrid,
} from '@baocao/core';
import { i18n } from '../../shared/i18n';

/**
 * The designer's working copy of a numeric template. Rows, columns and constraints carry a local
 * `key` so that moving them keeps React's inputs in place; formulas are '' when absent. `toGrid`
 * turns it back into the contract's grid.
 */
export type DraftRow = Omit<GridRow, 'formula'> & { key: string; formula: string };
export type DraftColumn = Omit<GridColumn, 'formula'> & { key: string; formula: string };
export type DraftConstraint = Constraint & { key: string };
/** A cell override with every mode's field kept, so switching mode back and forth loses nothing. */
export type DraftCell = { key: string; row: string; column: string; mode: CellOverride['mode']; value: string; formula: string };
export type DraftGrid = { rows: DraftRow[]; columns: DraftColumn[]; constraints: DraftConstraint[]; cells: DraftCell[] };

let counter = 0;
export const newKey = () => `k${++counter}`;

export function emptyRow(level = 0): DraftRow {
  return { key: newKey(), code: '', displayNo: '', name: '', unitOfMeasure: '', level, formula: '' };
}

export function emptyColumn(): DraftColumn {
  return { key: newKey(), code: '', headerPath: [''], valueType: 'integer', aggregation: 'sum', formula: '' };
}

/** A new check with the first free id `c1`, `c2`…; sum-of-children until its kind is changed. */
export function emptyConstraint(existing: DraftConstraint[]): DraftConstraint {
  let n = existing.length + 1;
  while (existing.some((c) => c.id === `c${n}`)) n++;
  return { key: newKey(), id: `c${n}`, kind: 'sum_children', severity: 'error', message: '' };
}

/** i18n keys of the fields a shape problem can point at, to name them in the problem list. */
const FIELD_LABELS: Record<string, Record<string, string>> = {
  rows: { displayNo: 'templates.row.displayNo', code: 'templates.row.code', name: 'templates.row.name', unitOfMeasure: 'templates.row.unitOfMeasure', formula: 'templates.row.formula' },
  columns: { code: 'templates.column.code', headerPath: 'templates.column.header', formula: 'templates.column.formula', scale: 'templates.column.scale' },
  cells: { row: 'templates.cell.row', column: 'templates.cell.column', value: 'templates.cell.value', formula: 'templates.cell.formula' },
  constraints: { id: 'templates.constraint.id', message: 'templates.constraint.message', expression: 'templates.constraint.expression', min: 'templates.constraint.min', max: 'templates.constraint.max' },
};

export const defaultLayout: NumericLayout = {
  title: '',
  subtitle: '',
  footnotes: [],
  columnWidths: {},
  signatureBlock: { left: 'NGƯỜI LẬP BIỂU', right: 'THỦ TRƯỞNG ĐƠN VỊ' },
  orientation: 'landscape',
};

export function fromGrid(grid: TemplateGrid): DraftGrid {
  return {
    rows: grid.rows.map((r) => ({ ...r, key: newKey(), formula: r.formula ?? '' })),
    columns: grid.columns.map((c) => ({ ...c, key: newKey(), formula: c.formula ?? '' })),
    constraints: (grid.constraints ?? []).map((c) => ({ ...c, key: newKey() })),
    cells: (grid.cells ?? []).map((c) => ({
      key: newKey(),
      row: c.row,
      column: c.column,
      mode: c.mode,
      value: c.mode === 'fixed' ? c.value : '',
      formula: c.mode === 'computed' ? c.formula : '',
    })),
  };
}

export function newDraftGrid(): DraftGrid {
  return { rows: [emptyRow()], columns: [emptyColumn()], constraints: [], cells: [] };
}

const blankToUndefined = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

/** The contract's grid: keys dropped, empty formulas and optional texts left out. */
export function toGrid(draft: DraftGrid): TemplateGrid {
  const rows = draft.rows.map(({ key: _key, formula, indicatorId, formulaColumns, ...row }) => ({
    ...row,
    ...(indicatorId ? { indicatorId } : {}),
    ...(blankToUndefined(formula) ? { formula: formula.trim(), ...(formulaColumns?.length ? { formulaColumns } : {}) } : {}),
  }));
  const columns = draft.columns.map(({ key: _key, formula, scale, weightColumn, ...column }) => ({
    ...column,
    headerPath: column.headerPath.map((h) => h.trim()).filter(Boolean),
    ...(scale !== undefined && scale !== null ? { scale } : {}),
    ...(blankToUndefined(weightColumn) ? { weightColumn } : {}),
    ...(blankToUndefined(formula) ? { formula: formula.trim() } : {}),
  }));
  const constraints = draft.constraints.map(({ key: _key, ...c }) => c);
  const cells = draft.cells.map(toOverride);
  return { rows, columns, ...(constraints.length ? { constraints } : {}), ...(cells.length ? { cells } : {}) };
}

function toOverride({ row, column, mode, value, formula }: DraftCell): CellOverride {
  if (mode === 'fixed') return { row, column, mode, value: value.trim() };
  if (mode === 'computed') return { row, column, mode, formula: formula.trim() };
  return { row, column, mode };
}

/** A problem shown in the designer: where it belongs and, inside a formula, the span. */
export type DesignProblem = { where?: string; row?: string; column?: string; cell?: string; constraintId?: string; field?: string; message: string; offset?: number };

/**
 * Checks the grid as the server will on save: first its shape (codes, names, headers), then the
 * formula engine of @baocao/core (references, types, cycles), the very code the server runs.
 */
export function checkGrid(draft: DraftGrid): DesignProblem[] {
  const grid = toGrid(draft);
  const shape = TemplateGridShape.safeParse(grid);
  if (!shape.success) {
    return shape.error.issues.map((issue) => {
      const [list, index, field] = issue.path as [string, number, string | undefined];
      const place =
        list === 'rows'
          ? { row: draft.rows[index]?.key }
          : list === 'columns'
            ? { column: draft.columns[index]?.key }
            : list === 'constraints'
              ? { constraintId: draft.constraints[index]?.key }
              : list === 'cells'
                ? { cell: draft.cells[index]?.key }
                : {};
      const label = typeof field === 'string' ? FIELD_LABELS[list]?.[field] : undefined;
      const where =
        list === 'rows' || list === 'columns' || list === 'constraints' || list === 'cells'
          ? `${i18n.t(`templates.place.${list}`, { n: index + 1 })}${label ? ` — ${i18n.t(label as never)}` : ''}`
          : undefined;
      return { ...place, where, field: typeof field === 'string' ? field : undefined, message: issue.code === 'too_small' && issue.origin === 'string' ? i18n.t('templates.fieldRequired') : issue.message };
    });
  }
  let compiled: ReturnType<typeof compileTemplate>;
  try {
    compiled = compileTemplate(shape.data as TemplateGrid);
  } catch {
    // The engine should never throw on a well-shaped grid; if it does, the server decides on save.
    return [];
  }
  if (compiled.ok) return [];
  return compiled.errors.map((e: TemplateError) => {
    // An error at one row and one column that has an override belongs to that special cell.
    const cell = e.where.row !== undefined && e.where.column !== undefined ? draft.cells.find((c) => c.row === e.where.row && c.column === e.where.column) : undefined;
    if (cell) return { cell: cell.key, where: i18n.t('templates.place.cell', { cell: `${cell.row}!${cell.column}` }), field: e.where.formula ? 'formula' : undefined, offset: e.where.formula ? e.where.offset : undefined, message: e.message };
    return {
    row: e.where.row === undefined ? undefined : draft.rows.find((r) => r.code === e.where.row)?.key,
    column: e.where.column === undefined ? undefined : draft.columns.find((c) => c.code === e.where.column)?.key,
    constraintId: e.where.constraintId === undefined ? undefined : draft.constraints.find((c) => c.id === e.where.constraintId)?.key,
    field: e.where.formula ? 'formula' : undefined,
    offset: e.where.formula ? e.where.offset : undefined,
    message: e.message,
    };
  });
}

/** Problems of one row, column or constraint (by local key). */
export function problemsAt(problems: DesignProblem[], place: 'row' | 'column' | 'cell' | 'constraintId', key: string, field?: string): DesignProblem[] {
  return problems.filter((p) => p[place] === key && (field === undefined || p.field === field));
}

/** Cells the unit will not type: computed by a column, row or cell formula (README "Which formula fills a cell"). */
export function computedCells(grid: TemplateGrid): Set<string> {
  const out = new Set<string>();
  for (const row of grid.rows) {
    for (const col of grid.columns) {
      const override = grid.cells?.find((c) => c.row === row.code && c.column === col.code);
      const computed = override
        ? override.mode === 'computed'
        : col.formula !== undefined ||
          (row.formula !== undefined && (row.formulaColumns ? row.formulaColumns.includes(col.code) : col.valueType === 'integer' || col.valueType === 'decimal'));
      if (computed) out.add(`${row.code}!${col.code}`);
    }
  }
  return out;
}
