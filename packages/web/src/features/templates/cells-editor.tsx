import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { CellOverride } from '@baocao/core';
import { Button, Input, Select, Table, Tooltip, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { newKey, problemsAt, type DraftCell } from './draft';
import { FormulaErrors, FormulaInput } from './formula-input';
import { replaceAt, type GridEditorProps } from './grid-editing';

const MODES: CellOverride['mode'][] = ['disabled', 'fixed', 'computed', 'input'];

/**
 * Special cells (ô đặc biệt): one cell that departs from its row and column — not filled
 * (disabled), a fixed value, its own formula (edited in the formula bar like any other), or typed in
 * although its row or column computes it.
 */
export function CellsEditor({ grid, update, problems, codes, readOnly, onFocusFormula }: GridEditorProps) {
  const { t } = useTranslation();
  const cells = grid.cells;
  const setCell = (index: number, patch: Partial<DraftCell>) => update((g) => ({ ...g, cells: replaceAt(g.cells, index, { ...g.cells[index]!, ...patch }) }));
  const remove = (index: number) => update((g) => ({ ...g, cells: g.cells.filter((_, i) => i !== index) }));
  const add = () =>
    update((g) => ({
      ...g,
      cells: [...g.cells, { key: newKey(), row: g.rows.at(-1)?.code ?? '', column: g.columns[0]?.code ?? '', mode: 'disabled', value: '', formula: '' }],
    }));
  const rowOptions = grid.rows.filter((r) => r.code).map((r) => ({ value: r.code, label: r.name ? `${r.code} — ${r.name}` : r.code }));
  const columnOptions = grid.columns.filter((c) => c.code).map((c) => ({ value: c.code, label: `${c.code} — ${c.headerPath.filter(Boolean).join(' / ')}` }));
  const errorsOf = (cell: DraftCell, field?: string) => problemsAt(problems, 'cell', cell.key, field).map((p) => p.message);

  const columns: TableColumnsType<DraftCell> = [
    {
      title: t('templates.cell.row'),
      width: 260,
      render: (_, cell, i) => (
        <Select
          size="small"
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={`${t('templates.cell.row')} ${i + 1}`}
          value={cell.row || undefined}
          disabled={readOnly}
          style={{ width: '100%' }}
          status={errorsOf(cell, 'row').length ? 'error' : undefined}
          options={rowOptions}
          popupMatchSelectWidth={false}
          onChange={(row: string) => setCell(i, { row })}
        />
      ),
    },
    {
      title: t('templates.cell.column'),
      width: 220,
      render: (_, cell, i) => (
        <Select
          size="small"
          aria-label={`${t('templates.cell.column')} ${i + 1}`}
          value={cell.column || undefined}
          disabled={readOnly}
          style={{ width: '100%' }}
          status={errorsOf(cell, 'column').length ? 'error' : undefined}
          options={columnOptions}
          popupMatchSelectWidth={false}
          onChange={(column: string) => setCell(i, { column })}
        />
      ),
    },
    {
      title: t('templates.cell.mode'),
      width: 190,
      render: (_, cell, i) => (
        <Select<CellOverride['mode']>
          size="small"
          aria-label={`${t('templates.cell.mode')} ${i + 1}`}
          value={cell.mode}
          disabled={readOnly}
          style={{ width: '100%' }}
          options={MODES.map((m) => ({ value: m, label: t(`templates.cellMode.${m}`) }))}
          onChange={(mode) => setCell(i, { mode })}
        />
      ),
    },
    {
      title: t('templates.cell.content'),
      render: (_, cell, i) => {
        const errors = errorsOf(cell).filter((m, j, all) => all.indexOf(m) === j);
        if (cell.mode === 'fixed') {
          return (
            <>
              <Input
                size="small"
                aria-label={`${t('templates.cell.value')} ${i + 1}`}
                value={cell.value}
                disabled={readOnly}
                status={errors.length ? 'error' : undefined}
                onChange={(e) => setCell(i, { value: e.target.value })}
              />
              <FormulaErrors messages={errors} />
            </>
          );
        }
        if (cell.mode === 'computed') {
          return (
            <>
              <FormulaInput
                ariaLabel={`${t('templates.cell.formula')} ${i + 1}`}
                value={cell.formula}
                onChange={(formula) => setCell(i, { formula })}
                onFocus={() => onFocusFormula({ kind: 'cell', key: cell.key })}
                codes={codes}
                invalid={errors.length > 0}
                disabled={readOnly}
              />
              <FormulaErrors messages={errors} />
            </>
          );
        }
        return <FormulaErrors messages={errors} />;
      },
    },
    {
      title: t('common.actions'),
      width: 90,
      hidden: readOnly,
      render: (_, __, i) => (
        <Tooltip title={t('templates.cell.remove')}>
          <Button size="small" type="text" danger aria-label={`${t('templates.cell.remove')} ${i + 1}`} icon={<DeleteOutlined />} onClick={() => remove(i)} />
        </Tooltip>
      ),
    },
  ];

  return (
    <div data-testid="cells-editor">
      {cells.length > 0 && <Table<DraftCell> rowKey="key" size="small" bordered pagination={false} columns={columns} dataSource={cells} />}
      {!readOnly && (
        <Button icon={<PlusOutlined />} type="dashed" block style={{ marginTop: 8 }} onClick={add}>
          {t('templates.cell.add')}
        </Button>
      )}
    </div>
  );
}
