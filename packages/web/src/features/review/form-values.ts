import { cellKey, columnScale, formatDateVi, formatViNumber, type GridColumn, type TemplateDefinition, type TemplateGrid } from '@baocao/core';
import { i18n } from '../../shared/i18n';

/** The grid of a numeric template; a narrative one has none to show as a table. */
export function gridOf(definition: TemplateDefinition): TemplateGrid | null {
  return definition.kind === 'numeric' ? definition.grid : null;
}

/** A canonical number with at least `scale` decimals, as computed cells come: 15000 → 15000.00 in a two-decimal column. */
function padScale(value: string, scale: number | null): string {
  if (!scale || !/^-?\d+(\.\d*)?$/.test(value)) return value;
  const [int, frac = ''] = value.split('.');
  return frac.length >= scale ? value : `${int}.${frac.padEnd(scale, '0')}`;
}

/** A canonical cell value as people read it: 1.234.567,89 (at the column's decimals), dd/mm/yyyy, Có / Không. */
export function displayValue(column: GridColumn | undefined, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  switch (column?.valueType) {
    case 'integer':
    case 'decimal':
    case 'percent':
      return formatViNumber(padScale(value, columnScale(column)));
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDateVi(value) : value;
    case 'boolean':
      return value === 'true' ? i18n.t('common.yes') : value === 'false' ? i18n.t('common.no') : value;
    default:
      return value;
  }
}

/** Column of a cell key `<row>!<column>`. */
export function columnOf(grid: TemplateGrid, key: string): GridColumn | undefined {
  const code = key.split('!')[1];
  return grid.columns.find((c) => c.code === code);
}

/** A cell named the way the form shows it: "1. Thu thuế · Thực hiện kỳ báo cáo". */
export function cellLabel(grid: TemplateGrid, key: string): string {
  const [rowCode, colCode] = key.split('!');
  const row = grid.rows.find((r) => r.code === rowCode);
  const col = grid.columns.find((c) => c.code === colCode);
  if (!row || !col) return key;
  return `${row.displayNo ? `${row.displayNo}. ` : ''}${row.name} · ${col.headerPath.join(' / ')}`;
}

/** The cells a reviewer may flag, in form order: every one but the disabled and fixed ones. */
export function flaggableCells(grid: TemplateGrid): string[] {
  const skip = new Set((grid.cells ?? []).filter((c) => c.mode === 'disabled' || c.mode === 'fixed').map((c) => cellKey(c.row, c.column)));
  return grid.rows.flatMap((r) => grid.columns.map((c) => cellKey(r.code, c.code))).filter((key) => !skip.has(key));
}

/** Fixed values of the template, which are neither inputs nor computed by the server. */
export function fixedValues(grid: TemplateGrid): Record<string, string> {
  return Object.fromEntries((grid.cells ?? []).flatMap((c) => (c.mode === 'fixed' ? [[cellKey(c.row, c.column), c.value]] : [])));
}
