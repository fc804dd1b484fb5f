import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Constraint, Severity } from '@baocao/core';
import { Button, Flex, Input, Select, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { emptyConstraint, problemsAt, type DraftConstraint } from './draft';
import { FormulaErrors, FormulaInput } from './formula-input';
import { replaceAt, type GridEditorProps } from './grid-editing';

type Kind = DraftConstraint['kind'];
const KINDS = Constraint.options.map((o) => o.shape.kind.value) as Kind[];

/** Keeps id, severity and message when the kind changes; the kind's own fields start empty. */
function changeKind(c: DraftConstraint, kind: Kind, firstColumn: string): DraftConstraint {
  const base = { key: c.key, id: c.id, severity: c.severity, message: c.message };
  if (kind === 'formula') return { ...base, kind, expression: '', per: 'row' } as DraftConstraint;
  if (kind === 'ytd' || kind === 'same_period') return { ...base, kind, column: firstColumn, source: firstColumn };
  return { ...base, kind };
}

/** Checks on the figures: total = sum of children, expressions, required cells, ranges, year-to-date, same period. */
export function ConstraintsEditor({ grid, update, problems, codes, readOnly, onFocusFormula }: GridEditorProps) {
  const { t } = useTranslation();
  const set = (index: number, next: DraftConstraint) => update((g) => ({ ...g, constraints: replaceAt(g.constraints, index, next) }));
  const patch = (index: number, p: Record<string, unknown>) => set(index, { ...grid.constraints[index]!, ...p } as DraftConstraint);
  const codeSelect = (index: number, field: 'rows' | 'columns', value: string[] | undefined) => (
    <Select<string[]>
      mode="multiple"
      size="small"
      allowClear
      disabled={readOnly}
      placeholder={`${t(`templates.constraint.${field}`)}: ${t('templates.constraint.all')}`}
      value={value ?? []}
      style={{ minWidth: 160, flex: 1 }}
      options={codes[field].map((c) => ({ value: c, label: c }))}
      onChange={(v) => patch(index, { [field]: v.length ? v : undefined })}
    />
  );
  const columnSelect = (index: number, field: 'column' | 'source', value: string, label: string) => (
    <Select<string> size="small" disabled={readOnly} value={value} style={{ width: 120 }} aria-label={label} title={label} options={codes.columns.map((c) => ({ value: c, label: c }))} onChange={(v) => patch(index, { [field]: v })} />
  );

  const fieldInput = (c: DraftConstraint, i: number, field: 'id' | 'message') => {
    const errors = problemsAt(problems, 'constraintId', c.key, field).map((p) => p.message);
    return (
      <>
        <Input
          size="small"
          aria-label={`${t(`templates.constraint.${field}`)} ${i + 1}`}
          disabled={readOnly}
          value={c[field]}
          status={errors.length ? 'error' : undefined}
          onChange={(e) => patch(i, { [field]: e.target.value })}
        />
        <FormulaErrors messages={errors} />
      </>
    );
  };

  const details = (c: DraftConstraint, i: number) => {
    const errors = problemsAt(problems, 'constraintId', c.key)
      .filter((p) => p.field !== 'message' && p.field !== 'id' && p.field !== 'severity')
      .map((p) => p.message);
    let body: React.ReactNode;
    if (c.kind === 'formula') {
      body = (
        <Flex gap={4}>
          <Select
            size="small"
            disabled={readOnly}
            value={c.per ?? 'row'}
            style={{ width: 110 }}
            options={(['row', 'column', 'template'] as const).map((p) => ({ value: p, label: t(`templates.constraintPer.${p}`) }))}
            onChange={(per) => patch(i, { per })}
          />
          <FormulaInput
            ariaLabel={`${t('templates.constraint.expression')} ${i + 1}`}
            value={c.expression}
            onChange={(expression) => patch(i, { expression })}
            onFocus={() => onFocusFormula({ kind: 'constraint', key: c.key })}
            codes={codes}
            prefer={c.per === 'column' ? 'rows' : c.per === 'template' ? 'both' : 'columns'}
            invalid={errors.length > 0}
            disabled={readOnly}
            placeholder="TH <= KH"
          />
        </Flex>
      );
    } else if (c.kind === 'ytd' || c.kind === 'same_period') {
      body = (
        <Flex gap={4} align="center">
          {columnSelect(i, 'column', c.column, t('templates.constraint.target'))}=
          {columnSelect(i, 'source', c.source, t('templates.constraint.source'))}
          {codeSelect(i, 'rows', c.rows)}
        </Flex>
      );
    } else {
      body = (
        <Flex gap={4} wrap>
          {codeSelect(i, 'rows', c.rows)}
          {codeSelect(i, 'columns', c.columns)}
          {c.kind === 'range' && (
            <>
              <Input size="small" style={{ width: 90 }} disabled={readOnly} placeholder={t('templates.constraint.min')} value={c.min ?? ''} onChange={(e) => patch(i, { min: e.target.value || undefined })} />
              <Input size="small" style={{ width: 90 }} disabled={readOnly} placeholder={t('templates.constraint.max')} value={c.max ?? ''} onChange={(e) => patch(i, { max: e.target.value || undefined })} />
            </>
          )}
        </Flex>
      );
    }
    return (
      <>
        {body}
        <FormulaErrors messages={errors} />
      </>
    );
  };

  const columns: TableColumnsType<DraftConstraint> = [
    { title: t('templates.constraint.id'), width: 90, render: (_, c, i) => fieldInput(c, i, 'id') },
    {
      title: t('templates.constraint.kind'),
      width: 230,
      render: (_, c, i) => (
        <Select<Kind>
          size="small"
          disabled={readOnly}
          value={c.kind}
          style={{ width: '100%' }}
          options={KINDS.map((k) => ({ value: k, label: t(`templates.constraintKind.${k}`) }))}
          onChange={(kind) => set(i, changeKind(c, kind, codes.columns[0] ?? ''))}
        />
      ),
    },
    { title: t('templates.constraint.expression'), render: (_, c, i) => details(c, i) },
    {
      title: t('templates.constraint.severity'),
      width: 200,
      render: (_, c, i) => (
        <Select size="small" disabled={readOnly} value={c.severity} style={{ width: '100%' }} options={Severity.options.map((s) => ({ value: s, label: t(`templates.severity.${s}`) }))} onChange={(severity) => patch(i, { severity })} />
      ),
    },
    { title: t('templates.constraint.message'), width: 260, render: (_, c, i) => fieldInput(c, i, 'message') },
    {
      title: '',
      width: 44,
      hidden: readOnly,
      render: (_, __, i) => (
        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`${t('templates.constraint.remove')} ${i + 1}`} onClick={() => update((g) => ({ ...g, constraints: g.constraints.filter((_, j) => j !== i) }))} />
      ),
    },
  ];

  return (
    <>
      <Table<DraftConstraint> rowKey="key" size="small" bordered pagination={false} columns={columns} dataSource={grid.constraints} locale={{ emptyText: t('common.none') }} />
      {!readOnly && (
        <Button icon={<PlusOutlined />} type="dashed" block style={{ marginTop: 8 }} onClick={() => update((g) => ({ ...g, constraints: [...g.constraints, emptyConstraint(g.constraints)] }))}>
          {t('templates.constraint.add')}
        </Button>
      )}
    </>
  );
}
