import { SearchOutlined } from '@ant-design/icons';
import type { TemplateDefinition, TemplateGrid } from '@baocao/core';
import { Button, Col, DatePicker, Form, Row, Segmented, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useTemplate, useTemplates } from '../templates/api';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { PERIOD_CHOICES, UNIT_KIND_CHOICES, type PeriodChoice, type Question, type UnitKindChoice } from './question';

const NUMBER_TYPES = new Set(['integer', 'decimal', 'percent']);

type Values = {
  templateId?: string;
  rowCode?: string;
  columnCode?: string;
  rootUnitId?: string;
  unitKind: UnitKindChoice;
  months: [Dayjs, Dayjs];
  periodKind: PeriodChoice;
};

type Props = {
  unitsAbove?: { id: string; name: string }[];
  initial: Partial<Question> & Pick<Question, 'fromMonth' | 'toMonth' | 'periodKind'>; defaultRootId?: string; running: boolean; onRun: (q: Question) => void };

function gridOf(definition: unknown): TemplateGrid | null {
  const d = definition as TemplateDefinition | undefined;
  return d?.kind === 'numeric' ? d.grid : null;
}

/** The question: which cell of which official numeric template, over which units and periods. */
export function QuestionForm({ unitsAbove, initial, defaultRootId, running, onRun }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const templates = useTemplates({ status: 'official', kind: 'numeric' });
  const templateId = Form.useWatch('templateId', form);
  const template = useTemplate(templateId);
  const grid = template.data?.id === templateId ? gridOf(template.data?.definition) : null;

  // The city (the user's top visible unit) until the user picks another.
  useEffect(() => {
    if (defaultRootId && !form.getFieldValue('rootUnitId')) form.setFieldValue('rootUnitId', defaultRootId);
  }, [defaultRootId, form]);

  const templateOptions = useMemo(
    () => (templates.data ?? []).map((tpl) => ({ value: tpl.id, label: `${tpl.code} – ${tpl.name}` })),
    [templates.data],
  );
  const rowOptions = useMemo(
    () =>
      (grid?.rows ?? []).map((r) => ({
        value: r.code,
        label: [r.displayNo, r.name].filter(Boolean).join('. '),
        level: r.level,
      })),
    [grid],
  );
  const columnOptions = useMemo(
    () => (grid?.columns ?? []).filter((c) => NUMBER_TYPES.has(c.valueType)).map((c) => ({ value: c.code, label: c.headerPath.join(' – ') })),
    [grid],
  );

  const submit = (v: Values) => {
    const lineageId = template.data?.lineageId;
    if (!v.templateId || !lineageId || !v.rowCode || !v.columnCode || !v.rootUnitId) return;
    onRun({
      templateId: v.templateId,
      lineageId,
      rowCode: v.rowCode,
      columnCode: v.columnCode,
      rootUnitId: v.rootUnitId,
      unitKind: v.unitKind,
      fromMonth: v.months[0].format('YYYY-MM'),
      toMonth: v.months[1].format('YYYY-MM'),
      periodKind: v.periodKind,
    });
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{
        templateId: initial.templateId,
        rowCode: initial.rowCode,
        columnCode: initial.columnCode,
        rootUnitId: initial.rootUnitId ?? defaultRootId,
        unitKind: initial.unitKind ?? 'all',
        months: [dayjs(`${initial.fromMonth}-01`), dayjs(`${initial.toMonth}-01`)],
        periodKind: initial.periodKind,
      }}
      onValuesChange={(changed: Partial<Values>) => {
        if ('templateId' in changed) form.setFieldsValue({ rowCode: undefined, columnCode: undefined });
      }}
    >
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Form.Item name="templateId" label={t('analytics.template')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={templateOptions} loading={templates.isPending} placeholder={t('analytics.templatePlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={10}>
          <Form.Item name="rowCode" label={t('analytics.row')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={rowOptions}
              loading={!!templateId && template.isPending}
              disabled={!grid}
              placeholder={t('analytics.rowPlaceholder')}
              optionRender={(o) => <span style={{ paddingInlineStart: (o.data.level ?? 0) * 16, fontWeight: o.data.level === 0 ? 600 : undefined }}>{o.label}</span>}
            />
          </Form.Item>
        </Col>
        <Col xs={24} lg={6}>
          <Form.Item name="columnCode" label={t('analytics.column')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={columnOptions} disabled={!grid} placeholder={t('analytics.columnPlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={8}>
          <Form.Item name="rootUnitId" label={t('analytics.unit')} rules={[{ required: true, message: t('validation.required') }]}>
            <UnitTreeSelect ancestors={unitsAbove} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={4}>
          <Form.Item name="unitKind" label={t('analytics.unitKind')}>
            <Select
              options={UNIT_KIND_CHOICES.map((k) => ({
                value: k,
                label: t(k === 'all' ? 'analytics.kindAll' : k === 'commune' ? 'analytics.kindCommune' : 'analytics.kindDepartment'),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} lg={6}>
          <Form.Item name="months" label={t('analytics.periods')} rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker.RangePicker picker="month" format="MM/YYYY" allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={6}>
          <Form.Item name="periodKind" label={t('analytics.periodKind')}>
            <Segmented<PeriodChoice> options={PERIOD_CHOICES.map((k) => ({ value: k, label: t(PERIOD_LABELS[k]) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={running}>
        {t('analytics.run')}
      </Button>
    </Form>
  );
}

const PERIOD_LABELS = {
  all: 'analytics.periodAll',
  month: 'analytics.periodMonth',
  quarter: 'analytics.periodQuarter',
  year: 'analytics.periodYear',
} as const;
