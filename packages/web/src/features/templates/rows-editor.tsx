import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, MenuFoldOutlined, MenuUnfoldOutlined, PlusOutlined, SubnodeOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Table, Tooltip, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { emptyRow, problemsAt, type DraftRow } from './draft';
import { FormulaErrors, FormulaInput } from './formula-input';
import { IndicatorPicker } from './indicator-picker';
import { move, replaceAt, type GridEditorProps } from './grid-editing';

/**
 * The rows of the grid as an editable sheet: STT, code, name (indented by level), unit, row formula.
 * Keyboard: Alt+↑/↓ moves the row, Alt+→/← indents or outdents it, Ctrl+Enter adds a row below.
 */
export function RowsEditor({ grid, update, problems, codes, readOnly, onFocusFormula }: GridEditorProps) {
  const { t } = useTranslation();
  const rows = grid.rows;
  const setRow = (index: number, patch: Partial<DraftRow>) => update((g) => ({ ...g, rows: replaceAt(g.rows, index, { ...g.rows[index]!, ...patch }) }));
  const maxLevel = (index: number) => (index === 0 ? 0 : Math.min(9, rows[index - 1]!.level + 1));
  const indent = (index: number, delta: number) => setRow(index, { level: Math.max(0, Math.min(maxLevel(index), rows[index]!.level + delta)) });
  const moveRow = (index: number, delta: number) => update((g) => ({ ...g, rows: move(g.rows, index, delta) }));
  const insert = (index: number, level: number) => update((g) => ({ ...g, rows: [...g.rows.slice(0, index), emptyRow(level), ...g.rows.slice(index)] }));
  const remove = (index: number) => update((g) => ({ ...g, rows: g.rows.filter((_, i) => i !== index) }));

  const onKey = (index: number) => (e: React.KeyboardEvent) => {
    if (readOnly) return;
    const actions: Record<string, () => void> = {
      'Alt+ArrowUp': () => moveRow(index, -1),
      'Alt+ArrowDown': () => moveRow(index, 1),
      'Alt+ArrowRight': () => indent(index, 1),
      'Alt+ArrowLeft': () => indent(index, -1),
      'Ctrl+Enter': () => insert(index + 1, rows[index]!.level),
    };
    const action = actions[`${e.altKey ? 'Alt+' : ''}${e.ctrlKey || e.metaKey ? 'Ctrl+' : ''}${e.key}`];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const fieldErrors = (row: DraftRow, field: string) => problemsAt(problems, 'row', row.key, field).map((p) => p.message);
  const text = (index: number, field: 'displayNo' | 'code' | 'name' | 'unitOfMeasure', label: string) => {
    const row = rows[index]!;
    const errors = fieldErrors(row, field);
    return (
      <>
        <Input
          size="small"
          aria-label={`${label} ${index + 1}`}
          value={row[field]}
          disabled={readOnly}
          status={errors.length ? 'error' : undefined}
          onChange={(e) => setRow(index, { [field]: e.target.value })}
        />
        <FormulaErrors messages={errors} />
      </>
    );
  };

  const columns: TableColumnsType<DraftRow> = [
    { title: t('templates.row.displayNo'), width: 70, render: (_, __, i) => text(i, 'displayNo', t('templates.row.displayNo')) },
    { title: t('templates.row.code'), width: 100, render: (_, __, i) => text(i, 'code', t('templates.row.code')) },
    {
      title: t('templates.row.name'),
      render: (_, row, i) => <div style={{ paddingLeft: row.level * 20, borderLeft: row.level ? '2px solid #e6f0fa' : undefined }}>{text(i, 'name', t('templates.row.name'))}</div>,
    },
    { title: t('templates.row.unitOfMeasure'), width: 110, render: (_, __, i) => text(i, 'unitOfMeasure', t('templates.row.unitOfMeasure')) },
    {
      title: t('templates.row.indicator'),
      width: 170,
      render: (_, row, i) => (
        <IndicatorPicker
          ariaLabel={`${t('templates.row.indicator')} ${i + 1}`}
          value={row.indicatorId}
          disabled={readOnly}
          // Linking fills the name and unit only where the designer left them empty.
          onChange={(ind) =>
            setRow(i, ind ? { indicatorId: ind.id, name: row.name.trim() ? row.name : ind.name, unitOfMeasure: row.unitOfMeasure.trim() ? row.unitOfMeasure : (ind.unitOfMeasure ?? '') } : { indicatorId: undefined })
          }
        />
      ),
    },
    {
      title: t('templates.row.formula'),
      width: 230,
      render: (_, row, i) => {
        const errors = fieldErrors(row, 'formula').concat(problemsAt(problems, 'row', row.key).filter((p) => !p.field).map((p) => p.message));
        return (
          <>
            <FormulaInput
              ariaLabel={`${t('templates.row.formula')} ${i + 1}`}
              value={row.formula}
              onChange={(formula) => setRow(i, { formula })}
              onFocus={() => onFocusFormula({ kind: 'row', key: row.key })}
              codes={codes}
              prefer="rows"
              invalid={errors.length > 0}
              disabled={readOnly}
            />
            <FormulaErrors messages={errors} />
          </>
        );
      },
    },
    {
      title: t('common.actions'),
      width: 200,
      hidden: readOnly,
      render: (_, row, i) => (
        <Flex gap={2}>
          <Tooltip title={t('templates.row.outdent')}>
            <Button size="small" type="text" aria-label={`${t('templates.row.outdent')} ${i + 1}`} icon={<MenuFoldOutlined />} disabled={row.level === 0} onClick={() => indent(i, -1)} />
          </Tooltip>
          <Tooltip title={t('templates.row.indent')}>
            <Button size="small" type="text" aria-label={`${t('templates.row.indent')} ${i + 1}`} icon={<MenuUnfoldOutlined />} disabled={row.level >= maxLevel(i)} onClick={() => indent(i, 1)} />
          </Tooltip>
          <Tooltip title={t('templates.row.up')}>
            <Button size="small" type="text" aria-label={`${t('templates.row.up')} ${i + 1}`} icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => moveRow(i, -1)} />
          </Tooltip>
          <Tooltip title={t('templates.row.down')}>
            <Button size="small" type="text" aria-label={`${t('templates.row.down')} ${i + 1}`} icon={<ArrowDownOutlined />} disabled={i === rows.length - 1} onClick={() => moveRow(i, 1)} />
          </Tooltip>
          <Tooltip title={t('templates.row.addChild')}>
            <Button size="small" type="text" aria-label={`${t('templates.row.addChild')} ${i + 1}`} icon={<SubnodeOutlined />} onClick={() => insert(i + 1, Math.min(9, row.level + 1))} />
          </Tooltip>
          <Tooltip title={t('templates.row.remove')}>
            <Button size="small" type="text" danger aria-label={`${t('templates.row.remove')} ${i + 1}`} icon={<DeleteOutlined />} disabled={rows.length === 1} onClick={() => remove(i)} />
          </Tooltip>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <Table<DraftRow>
        rowKey="key"
        size="small"
        bordered
        pagination={false}
        columns={columns}
        dataSource={rows}
        onRow={(_, i) => ({ onKeyDown: onKey(i ?? 0) })}
      />
      {!readOnly && (
        <Button icon={<PlusOutlined />} type="dashed" block style={{ marginTop: 8 }} onClick={() => insert(rows.length, rows.at(-1)?.level ?? 0)}>
          {t('templates.row.add')}
        </Button>
      )}
    </>
  );
}
