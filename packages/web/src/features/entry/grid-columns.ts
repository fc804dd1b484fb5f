import { cellKey, valueKind, type GridColumn, type GridRow, type NumericLayout } from '@baocao/core';
import type { CellClassParams, ColDef, ColGroupDef, ITooltipParams } from 'ag-grid-community';
import { i18n } from '../../shared/i18n';
import { displayValue } from './cell-format';
import type { FormModel } from './form-model';

/** What the grid shows at a cell besides its value: the checks it fails, a reviewer's flag. */
export type CellIssue = { severity: 'error' | 'warning'; messages: string[] };

/** One template row with the current values of its cells, keyed by column code. */
export interface EntryRow {
  index: number;
  row: GridRow;
  parent: boolean;
  values: Record<string, string | null>;
  issues: Record<string, CellIssue>;
  flagged: Record<string, true>;
}

export type EntryColDef = ColDef<EntryRow> | ColGroupDef<EntryRow>;

/** Roughly one character of the grid's font in pixels, plus the cell's padding. */
const widthOf = (chars: number) => chars * 8 + 24;

/** Merged multi-level headers from each column's headerPath: adjacent columns sharing a level share one group. */
function headerGroups(columns: GridColumn[], level: number, leaf: (c: GridColumn) => ColDef<EntryRow>): EntryColDef[] {
  const out: EntryColDef[] = [];
  for (let i = 0; i < columns.length; ) {
    const col = columns[i]!;
    if (col.headerPath.length <= level + 1) {
      out.push(leaf(col));
      i++;
      continue;
    }
    let j = i + 1;
    while (j < columns.length && columns[j]!.headerPath.length > level + 1 && columns[j]!.headerPath[level] === col.headerPath[level]) j++;
    out.push({ groupId: `g${level}-${i}`, headerName: col.headerPath[level], marryChildren: true, children: headerGroups(columns.slice(i, j), level + 1, leaf) });
    i = j;
  }
  return out;
}

/**
 * The grid's columns: STT, name and unit of measure pinned left, then one column per template column
 * under its merged headers. Only input cells are editable, and only when the form is.
 */
export function buildColumnDefs(model: FormModel, layout: NumericLayout, editable: boolean): EntryColDef[] {
  const t = i18n.t.bind(i18n);
  const modeOf = (p: { data?: EntryRow }, code: string) => (p.data ? model.modes.get(cellKey(p.data.row.code, code)) : undefined);
  const leaf = (c: GridColumn): ColDef<EntryRow> => {
    const numeric = valueKind(c.valueType) === 'number';
    const issue = (p: CellClassParams<EntryRow>) => p.data?.issues[c.code];
    return {
      colId: c.code,
      headerName: c.headerPath[c.headerPath.length - 1],
      headerTooltip: c.headerPath.join(' – '),
      width: layout.columnWidths[c.code] ? widthOf(layout.columnWidths[c.code]!) : c.valueType === 'text' ? 200 : 130,
      valueGetter: (p) => p.data?.values[c.code] ?? null,
      valueFormatter: (p) => displayValue(c, p.value as string | null),
      editable: (p) => editable && modeOf(p, c.code) === 'input',
      cellEditor: 'agTextCellEditor',
      // The editor starts from what the cell shows (1.234,5), which reads back the same.
      cellEditorParams: { useFormatter: true },
      cellClass: numeric ? 'entry-num' : undefined,
      cellClassRules: {
        'entry-computed': (p) => modeOf(p, c.code) === 'computed',
        'entry-fixed': (p) => modeOf(p, c.code) === 'fixed',
        'entry-disabled': (p) => modeOf(p, c.code) === 'disabled',
        'entry-error': (p) => issue(p)?.severity === 'error',
        'entry-warning': (p) => issue(p)?.severity === 'warning',
        'entry-flagged': (p) => !!p.data?.flagged[c.code],
      },
      tooltipValueGetter: (p: ITooltipParams<EntryRow>) => {
        const lines = [...(p.data?.issues[c.code]?.messages ?? [])];
        if (p.data?.flagged[c.code]) lines.push(t('entry.cellMode.flagged'));
        const mode = modeOf(p, c.code);
        if (mode && mode !== 'input') lines.push(t(`entry.cellMode.${mode}`));
        return lines.length ? lines.join('\n') : undefined;
      },
    };
  };
  return [
    { colId: 'stt', headerName: t('entry.columns.stt'), pinned: 'left', width: 64, valueGetter: (p) => p.data?.row.displayNo, cellClass: 'entry-label entry-center', suppressMovable: true },
    {
      colId: 'name',
      headerName: t('entry.columns.name'),
      pinned: 'left',
      width: 280,
      valueGetter: (p) => p.data?.row.name,
      cellClass: 'entry-label',
      cellStyle: (p) => ({ paddingLeft: 12 + (p.data?.row.level ?? 0) * 18 }),
      wrapText: true,
      autoHeight: true,
      suppressMovable: true,
    },
    { colId: 'uom', headerName: t('entry.columns.unitOfMeasure'), pinned: 'left', width: 104, valueGetter: (p) => p.data?.row.unitOfMeasure, cellClass: 'entry-label entry-center', suppressMovable: true },
    ...headerGroups(model.columns, 0, leaf),
  ];
}
