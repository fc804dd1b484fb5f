import { ArrowLeftOutlined, ArrowRightOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AGGREGATIONS, VALUE_TYPES, type Aggregation, type ValueType } from '@baocao/core';
import { Button, Flex, Input, InputNumber, Select, Table, Tooltip, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { emptyColumn, problemsAt, type DraftColumn } from './draft';
import { FormulaErrors, FormulaInput } from './formula-input';
import { move, replaceAt, type GridEditorProps } from './grid-editing';

/**
 * The columns of the grid: code, merged header path typed as "Năm 2026 | Kế hoạch", value type
 * and scale, roll-up rule (with its weight column), column formula. Order here is order on the form.
 */
export function ColumnsEditor({ grid, update, problems, codes, readOnly, onFocusFormula }: GridEditorProps) {
  const { t } = useTranslation();
  const cols = grid.columns;
  const setColumn = (index: number, patch: Partial<DraftColumn>) =>
    update((g) => ({ ...g, columns: replaceAt(g.columns, index, { ...g.columns[index]!, ...patch }) }));
  const errorsOf = (col: DraftColumn, field: string) => problemsAt(problems, 'column', col.key, field).map((p) => p.message);

  const columns: TableColumnsType<DraftColumn> = [
    {
      title: t('templates.column.code'),
      width: 100,
      render: (_, col, i) => (
        <>
          <Input size="small" aria-label={`${t('templates.column.code')} ${i + 1}`} value={col.code} disabled={readOnly} status={errorsOf(col, 'code').length ? 'error' : undefined} onChange={(e) => setColumn(i, { code: e.target.value })} />
          <FormulaErrors messages={errorsOf(col, 'code')} />
        </>
      ),
    },
    {
      title: <Tooltip title={t('templates.column.headerHint')}>{t('templates.column.header')}</Tooltip>,
      render: (_, col, i) => (
        <>
          <Input
            size="small"
            aria-label={`${t('templates.column.header')} ${i + 1}`}
            value={col.headerPath.join('|')}
            disabled={readOnly}
            placeholder="Năm 2026 | Kế hoạch"
            status={errorsOf(col, 'headerPath').length ? 'error' : undefined}
            onChange={(e) => setColumn(i, { headerPath: e.target.value.split('|').slice(0, 4) })}
          />
          <FormulaErrors messages={errorsOf(col, 'headerPath')} />
        </>
      ),
    },
    {
      title: t('templates.column.valueType'),
      width: 170,
      render: (_, col, i) => (
        <Flex gap={4}>
          <Select<ValueType>
            size="small"
            aria-label={`${t('templates.column.valueType')} ${i + 1}`}
            value={col.valueType}
            disabled={readOnly}
            style={{ flex: 1 }}
            options={VALUE_TYPES.map((v) => ({ value: v, label: t(`templates.valueType.${v}`) }))}
            onChange={(valueType) => setColumn(i, { valueType, scale: valueType === 'decimal' ? (col.scale ?? 2) : valueType === 'percent' ? col.scale : undefined })}
          />
          {(col.valueType === 'decimal' || col.valueType === 'percent') && (
            <Tooltip title={t('templates.column.scale')}>
              <InputNumber<number> size="small" min={0} max={10} value={col.scale ?? null} disabled={readOnly} style={{ width: 56 }} aria-label={`${t('templates.column.scale')} ${i + 1}`} onChange={(v) => setColumn(i, { scale: v ?? undefined })} />
            </Tooltip>
          )}
        </Flex>
      ),
    },
    {
      title: t('templates.column.aggregation'),
      width: 200,
      render: (_, col, i) => (
        <>
          <Select<Aggregation>
            size="small"
            aria-label={`${t('templates.column.aggregation')} ${i + 1}`}
            value={col.aggregation}
            disabled={readOnly}
            style={{ width: '100%' }}
            status={errorsOf(col, 'aggregation').length ? 'error' : undefined}
            options={AGGREGATIONS.map((a) => ({ value: a, label: t(`templates.aggregationName.${a}`) }))}
            onChange={(aggregation) => setColumn(i, { aggregation, weightColumn: aggregation === 'weighted_average' ? col.weightColumn : undefined })}
          />
          {col.aggregation === 'weighted_average' && (
            <Select<string>
              size="small"
              placeholder={t('templates.column.weightColumn')}
              value={col.weightColumn}
              disabled={readOnly}
              style={{ width: '100%', marginTop: 4 }}
              options={codes.columns.filter((c) => c !== col.code).map((c) => ({ value: c, label: c }))}
              onChange={(weightColumn) => setColumn(i, { weightColumn })}
            />
          )}
          <FormulaErrors messages={[...errorsOf(col, 'aggregation'), ...errorsOf(col, 'weightColumn'), ...errorsOf(col, 'scale')]} />
        </>
      ),
    },
    {
      title: t('templates.column.formula'),
      width: 240,
      render: (_, col, i) => {
        const errors = errorsOf(col, 'formula').concat(problemsAt(problems, 'column', col.key).filter((p) => !p.field).map((p) => p.message));
        return (
          <>
            <FormulaInput
              ariaLabel={`${t('templates.column.formula')} ${i + 1}`}
              value={col.formula}
              onChange={(formula) => setColumn(i, { formula })}
              onFocus={() => onFocusFormula({ kind: 'column', key: col.key })}
              codes={codes}
              prefer="columns"
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
      width: 110,
      hidden: readOnly,
      render: (_, __, i) => (
        <Flex gap={2}>
          <Tooltip title={t('templates.column.left')}>
            <Button size="small" type="text" icon={<ArrowLeftOutlined />} aria-label={`${t('templates.column.left')} ${i + 1}`} disabled={i === 0} onClick={() => update((g) => ({ ...g, columns: move(g.columns, i, -1) }))} />
          </Tooltip>
          <Tooltip title={t('templates.column.right')}>
            <Button size="small" type="text" icon={<ArrowRightOutlined />} aria-label={`${t('templates.column.right')} ${i + 1}`} disabled={i === cols.length - 1} onClick={() => update((g) => ({ ...g, columns: move(g.columns, i, 1) }))} />
          </Tooltip>
          <Tooltip title={t('templates.column.remove')}>
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`${t('templates.column.remove')} ${i + 1}`} disabled={cols.length === 1} onClick={() => update((g) => ({ ...g, columns: g.columns.filter((_, j) => j !== i) }))} />
          </Tooltip>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <Table<DraftColumn> rowKey="key" size="small" bordered pagination={false} columns={columns} dataSource={cols} />
      {!readOnly && (
        <Button icon={<PlusOutlined />} type="dashed" block style={{ marginTop: 8 }} onClick={() => update((g) => ({ ...g, columns: [...g.columns, emptyColumn()] }))}>
          {t('templates.column.add')}
        </Button>
      )}
    </>
  );
}
