import { cellKey, type GridRow, type TemplateGrid } from '@baocao/core';
import { Table, type TableColumnsType } from 'antd';
import { useMemo, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { computedCells } from '../templates/draft';
import { displayValue } from './form-values';
import { headerColumns } from '../../shared/ui/header-columns';

const COMPUTED_BG = '#eef1f5';
const DISABLED_STYLE: CSSProperties = { background: 'repeating-linear-gradient(45deg, #f2f2f2 0 5px, #b8b8b8 5px 6px)' };

/** How a cell is marked for the reader: flagged by a reviewer, changed since the last version (typed or recomputed), picked. */
export type CellMark = 'flagged' | 'changed' | 'recomputed' | 'selected';
const MARKS: Record<CellMark, CSSProperties> = {
  flagged: { background: '#fff1f0', boxShadow: 'inset 0 0 0 2px #ff4d4f' },
  changed: { background: '#fffbe6', boxShadow: 'inset 0 0 0 2px #faad14' },
  recomputed: { background: '#fffdf0', outline: '1px dashed #d48806', outlineOffset: -3 },
  selected: { background: '#e6f4ff', boxShadow: 'inset 0 0 0 2px #1677ff' },
};

type Props = {
  grid: TemplateGrid;
  /** Canonical values by cell key: inputs, computed and fixed together. */
  values: Record<string, string | null | undefined>;
  marks?: Record<string, CellMark>;
  /** Replaces a cell's shown value (a before → after, a link to the contributions). */
  renderCell?: (key: string, shown: string) => ReactNode;
  onCellClick?: (key: string) => void;
  testId?: string;
};

/** A unit's figures in the template's own layout, read-only: STT, name, unit of measure, merged headers, numbers the Vietnamese way. */
export function FormTable({ grid, values, marks = {}, renderCell, onCellClick, testId }: Props) {
  const { t } = useTranslation();
  const computed = useMemo(() => computedCells(grid), [grid]);
  const disabled = useMemo(() => new Set((grid.cells ?? []).filter((c) => c.mode === 'disabled').map((c) => cellKey(c.row, c.column))), [grid.cells]);
  const parents = useMemo(() => new Set(grid.rows.filter((r, i) => (grid.rows[i + 1]?.level ?? -1) > r.level).map((r) => r.code)), [grid.rows]);

  const columns: TableColumnsType<GridRow> = [
    { key: 'stt', title: t('review.form.stt'), dataIndex: 'displayNo', width: 56, align: 'center' },
    {
      key: 'name',
      title: t('review.form.indicator'),
      width: 280,
      render: (_, r) => <span style={{ paddingLeft: r.level * 16, fontWeight: parents.has(r.code) || r.level === 0 ? 600 : undefined }}>{r.name}</span>,
    },
    { key: 'uom', title: t('review.form.unitOfMeasure'), dataIndex: 'unitOfMeasure', width: 100, align: 'center' },
    ...headerColumns(grid.columns, 0, (c) => ({
      key: `c-${c.code}`,
      width: c.valueType === 'text' ? 200 : 140,
      align: c.valueType === 'text' ? 'left' : 'right',
      onCell: (r: GridRow) => {
        const key = cellKey(r.code, c.code);
        const mark = marks[key];
        const base = disabled.has(key) ? DISABLED_STYLE : computed.has(key) ? { background: COMPUTED_BG } : {};
        const clickable = !!onCellClick && !disabled.has(key);
        return {
          style: { ...base, ...(mark ? MARKS[mark] : {}), cursor: clickable ? 'pointer' : undefined },
          'data-cell': key,
          'data-mark': mark,
          onClick: clickable ? () => onCellClick(key) : undefined,
          // Reachable by keyboard too: Tab to the cell, Enter or Space opens it.
          tabIndex: clickable ? 0 : undefined,
          onKeyDown: clickable ? (e: React.KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onCellClick(key)) : undefined,
        } as React.HTMLAttributes<HTMLElement>;
      },
      render: (_: unknown, r: GridRow) => {
        const key = cellKey(r.code, c.code);
        const shown = displayValue(c, values[key]);
        return renderCell ? renderCell(key, shown) : shown;
      },
    })),
  ];

  return (
    <div data-testid={testId}>
      <Table<GridRow> rowKey="code" size="small" bordered pagination={false} columns={columns} dataSource={grid.rows} scroll={{ x: 'max-content' }} />
    </div>
  );
}

/** Colour swatches explaining the marks used on a page. */
export function markStyle(mark: CellMark): CSSProperties {
  return MARKS[mark];
}
