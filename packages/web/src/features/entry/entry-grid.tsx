import { cellKey, type NumericLayout } from '@baocao/core';
import {
  CellStyleModule,
  ClientSideRowModelModule,
  ModuleRegistry,
  RenderApiModule,
  RowAutoHeightModule,
  RowStyleModule,
  ScrollApiModule,
  TextEditorModule,
  TooltipModule,
  themeQuartz,
  type CellEditRequestEvent,
  type GridApi,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { App } from 'antd';
import { useImperativeHandle, useMemo, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { parseEntry } from './cell-format';
import { cellLabel, type FormModel } from './form-model';
import { buildColumnDefs, type CellIssue, type EntryRow } from './grid-columns';
import { parseClipboardBlock, planPaste } from './paste';
import './entry-grid.css';

// Only what the entry grid uses: rows in memory, text editing, pinned label columns, cell and row
// classes, tooltips for the checks, and the focus / scroll / refresh API.
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  TextEditorModule,
  CellStyleModule,
  RowStyleModule,
  RowAutoHeightModule,
  TooltipModule,
  ScrollApiModule,
  RenderApiModule,
]);

const theme = themeQuartz.withParams({
  fontFamily: 'inherit',
  fontSize: 14,
  accentColor: '#1f6fb2',
  columnBorder: true,
  headerColumnBorder: true,
  headerBackgroundColor: '#f0f4f8',
  headerFontWeight: 600,
  wrapperBorderRadius: 6,
  spacing: 6,
});

/** Up to this many rows the grid grows with its content; longer forms scroll inside a fixed height. */
const AUTO_HEIGHT_ROWS = 40;

export interface EntryGridHandle {
  focusCell(key: string): void;
}

type Props = {
  model: FormModel;
  layout: NumericLayout;
  values: Record<string, string | null>;
  issues: Map<string, CellIssue>;
  flagged: Set<string>;
  editable: boolean;
  onChange: (changes: Record<string, string | null>) => void;
  onFocusCell: (key: string | null) => void;
  onHistory: (key: string) => void;
  ref?: Ref<EntryGridHandle>;
};

/**
 * The numeric form as a spreadsheet (R17): typing starts editing, Enter/Tab/arrows move, Delete
 * clears, Ctrl+V pastes a block copied from Excel from the focused cell; checks show at the cells.
 */
export function EntryGrid({ model, layout, values, issues, flagged, editable, onChange, onFocusCell, onHistory, ref }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [api, setApi] = useState<GridApi<EntryRow> | null>(null);
  const columnDefs = useMemo(() => buildColumnDefs(model, layout, editable), [model, layout, editable]);
  const columnIndex = useMemo(() => new Map(model.columns.map((c, i) => [c.code, i])), [model.columns]);

  const rowData = useMemo<EntryRow[]>(
    () =>
      model.rows.map((row, index) => {
        const entry: EntryRow = { index, row, parent: model.parents.has(row.code), values: {}, issues: {}, flagged: {} };
        for (const column of model.columns) {
          const key = cellKey(row.code, column.code);
          entry.values[column.code] = values[key] ?? null;
          const issue = issues.get(key);
          if (issue) entry.issues[column.code] = issue;
          if (flagged.has(key)) entry.flagged[column.code] = true;
        }
        return entry;
      }),
    [model, values, issues, flagged],
  );

  useImperativeHandle(
    ref,
    () => ({
      focusCell(key: string) {
        const [rowCode = '', columnCode = ''] = key.split('!');
        const rowIndex = model.rows.findIndex((r) => r.code === rowCode);
        if (!api || rowIndex < 0 || !columnIndex.has(columnCode)) return;
        api.ensureIndexVisible(rowIndex, 'middle');
        api.ensureColumnVisible(columnCode, 'auto');
        api.setFocusedCell(rowIndex, columnCode);
      },
    }),
    [api, model.rows, columnIndex],
  );

  const keyAt = (rowIndex: number | null | undefined, colId: string | undefined) => {
    const row = rowIndex === null || rowIndex === undefined ? undefined : model.rows[rowIndex];
    return row && colId && columnIndex.has(colId) ? cellKey(row.code, colId) : null;
  };

  const onEdit = (e: CellEditRequestEvent<EntryRow>) => {
    const colId = e.column.getColId();
    const column = model.columnByCode.get(colId);
    const key = keyAt(e.data.index, colId);
    if (!column || !key) return;
    const parsed = parseEntry(column, e.newValue === null || e.newValue === undefined ? '' : String(e.newValue));
    if (!parsed.ok) {
      void message.error(t('entry.entryRefused', { cell: cellLabel(model, key), message: parsed.message }), 6);
      return;
    }
    if (parsed.value === (values[key] ?? null)) return;
    onChange({ [key]: parsed.value });
  };

  // AG Grid Community has no clipboard module: read the pasted block ourselves, all or nothing.
  const onPaste = (event: React.ClipboardEvent<HTMLDivElement>) => {
    if (!api || (event.target as HTMLElement).closest('input, textarea')) return; // pasting into an open editor
    event.preventDefault();
    if (!editable) return void message.warning(t('entry.paste.readOnly'));
    const focused = api.getFocusedCell();
    const column = focused ? columnIndex.get(focused.column.getColId()) : undefined;
    if (!focused || column === undefined) return void message.warning(t('entry.paste.notHere'));
    const plan = planPaste(model, parseClipboardBlock(event.clipboardData.getData('text/plain')), { row: focused.rowIndex, column });
    if (!plan.ok) return void message.error(plan.reason, 8);
    onChange(plan.changes);
    void message.success(t('entry.paste.done', { count: Object.keys(plan.changes).length }));
  };

  const autoHeight = model.rows.length <= AUTO_HEIGHT_ROWS;
  return (
    <div className="entry-grid" data-testid="entry-grid" onPaste={onPaste} style={autoHeight ? undefined : { height: 'calc(100vh - 280px)', minHeight: 360 }}>
      <AgGridReact<EntryRow>
        theme={theme}
        rowData={rowData}
        columnDefs={columnDefs}
        getRowId={(p) => p.data.row.code}
        getRowClass={(p) => (p.data?.parent || p.data?.row.level === 0 ? 'entry-row-parent' : undefined)}
        domLayout={autoHeight ? 'autoHeight' : 'normal'}
        readOnlyEdit
        onCellEditRequest={onEdit}
        enterNavigatesVerticallyAfterEdit
        stopEditingWhenCellsLoseFocus
        defaultColDef={{ sortable: false, resizable: true, wrapHeaderText: true, autoHeaderHeight: true, suppressHeaderMenuButton: true }}
        tooltipShowDelay={300}
        preventDefaultOnContextMenu
        onCellContextMenu={(e) => {
          const key = keyAt(e.rowIndex, e.column.getColId());
          if (key) onHistory(key);
        }}
        onCellFocused={(e) => onFocusCell(keyAt(e.rowIndex, typeof e.column === 'string' ? e.column : e.column?.getColId()))}
        onGridReady={(e) => setApi(e.api)}
        onGridPreDestroyed={() => setApi(null)}
      />
    </div>
  );
}
