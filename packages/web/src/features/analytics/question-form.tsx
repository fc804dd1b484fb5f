import { SearchOutlined } from '@ant-design/icons';
import type { TemplateDefinition, TemplateGrid } from '@baocao/core';
import { Button, Checkbox, Col, DatePicker, Flex, Form, Row, Segmented, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIndicators } from '../catalog/api';
import { useTemplate, useTemplates } from '../templates/api';
import { useIndicator, useIndicatorColumns } from './api';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { PERIOD_CHOICES, UNIT_KIND_CHOICES, type PeriodChoice, type Question, type UnitKindChoice } from './question';

const NUMBER_TYPES = new Set(['integer', 'decimal', 'percent']);

type Values = {
  measureKind: 'cell' | 'indicator';
  indicatorId?: string;
  planColumn?: string;
  previousYear?: boolean;
  yearToDate?: boolean;
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

/**
 * The question: which cell of which official numeric template, or which indicator of the library (every
 * template row linked to it), over which units and periods, compared with what.
 */
export function QuestionForm({ unitsAbove, initial, defaultRootId, running, onRun }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const templates = useTemplates({ status: 'official', kind: 'numeric' });
  const measureKind = Form.useWatch('measureKind', form) ?? initial.measureKind ?? 'cell';
  const templateId = Form.useWatch('templateId', form);
  const template = useTemplate(measureKind === 'cell' ? templateId : undefined);
  const grid = template.data?.id === templateId ? gridOf(template.data?.definition) : null;
  const indicatorId = Form.useWatch('indicatorId', form);
  const columnCode = Form.useWatch('columnCode', form);
  const periodKind = Form.useWatch('periodKind', form) ?? initial.periodKind;
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const indicators = useIndicators(deferred ? { q: deferred } : {}, measureKind === 'indicator');
  const chosen = useIndicator(measureKind === 'indicator' ? indicatorId : undefined);
  const indicatorCols = useIndicatorColumns(measureKind === 'indicator' ? indicatorId : undefined);

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
    () =>
      measureKind === 'indicator'
        ? (indicatorCols.data ?? []).map((c) => ({ value: c.code, label: `${c.label} (${c.code})` }))
        : (grid?.columns ?? []).filter((c) => NUMBER_TYPES.has(c.valueType)).map((c) => ({ value: c.code, label: c.headerPath.join(' – ') })),
    [grid, measureKind, indicatorCols.data],
  );
  const indicatorOptions = useMemo(() => {
    const list = [...(indicators.data ?? [])];
    if (chosen.data && !list.some((i) => i.id === chosen.data.id)) list.unshift(chosen.data);
    return list.map((i) => ({ value: i.id, label: `${i.code} – ${i.name}${i.unitOfMeasure ? ` (${i.unitOfMeasure})` : ''}` }));
  }, [indicators.data, chosen.data]);

  const submit = (v: Values) => {
    const lineageId = template.data?.lineageId;
    if (!v.columnCode || !v.rootUnitId) return;
    const measure =
      v.measureKind === 'indicator'
        ? v.indicatorId ? { measureKind: 'indicator' as const, indicatorId: v.indicatorId, templateId: '', lineageId: '', rowCode: '' } : null
        : v.templateId && lineageId && v.rowCode ? { templateId: v.templateId, lineageId, rowCode: v.rowCode } : null;
    if (!measure) return;
    onRun({
      ...measure,
      ...(v.planColumn && v.planColumn !== v.columnCode ? { planColumn: v.planColumn } : {}),
      ...(v.previousYear ? { previousYear: true } : {}),
      ...(v.yearToDate && v.periodKind !== 'all' ? { yearToDate: true } : {}),
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
        measureKind: initial.measureKind ?? 'cell',
        indicatorId: initial.indicatorId,
        planColumn: initial.planColumn,
        previousYear: initial.previousYear ?? false,
        yearToDate: initial.yearToDate ?? false,
        templateId: initial.templateId,
        rowCode: initial.rowCode,
        columnCode: initial.columnCode,
        rootUnitId: initial.rootUnitId ?? defaultRootId,
        unitKind: initial.unitKind ?? 'all',
        months: [dayjs(`${initial.fromMonth}-01`), dayjs(`${initial.toMonth}-01`)],
        periodKind: initial.periodKind,
      }}
      onValuesChange={(changed: Partial<Values>) => {
        if ('templateId' in changed || 'indicatorId' in changed || 'measureKind' in changed) form.setFieldsValue({ rowCode: undefined, columnCode: undefined, planColumn: undefined });
        if ('columnCode' in changed && changed.columnCode === form.getFieldValue('planColumn')) form.setFieldValue('planColumn', undefined);
        if ('periodKind' in changed && changed.periodKind === 'all') form.setFieldValue('yearToDate', false);
      }}
    >
      <Form.Item name="measureKind" label={t('analytics.askBy')}>
        <Segmented<'cell' | 'indicator'>
          options={[
            { value: 'cell', label: t('analytics.byTemplateCell') },
            { value: 'indicator', label: t('analytics.byIndicator') },
          ]}
        />
      </Form.Item>
      <Row gutter={16}>
        {measureKind === 'indicator' ? (
          <Col xs={24} lg={18}>
            <Form.Item name="indicatorId" label={t('analytics.indicator')} rules={[{ required: true, message: t('validation.required') }]} extra={indicatorCols.data && indicatorCols.data.length === 0 ? t('analytics.indicatorUnused') : undefined}>
              <Select
                showSearch={{ filterOption: false, onSearch: setSearch }}
                options={indicatorOptions}
                loading={indicators.isFetching}
                placeholder={t('analytics.indicatorPlaceholder')}
                notFoundContent={indicators.isFetching ? undefined : t('analytics.noIndicator')}
              />
            </Form.Item>
          </Col>
        ) : (
          <>
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
          </>
        )}
        <Col xs={24} lg={6}>
          <Form.Item name="columnCode" label={t('analytics.column')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={columnOptions} disabled={measureKind === 'indicator' ? !indicatorCols.data?.length : !grid} placeholder={t('analytics.columnPlaceholder')} />
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
        <Col xs={24} lg={8}>
          <Form.Item name="planColumn" label={t('analytics.comparePlan')} extra={t('analytics.comparePlanHelp')}>
            <Select allowClear options={columnOptions.filter((o) => o.value !== columnCode)} disabled={!columnOptions.length} placeholder={t('analytics.comparePlanPlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={16}>
          <Form.Item label={t('analytics.compareWith')}>
            <Flex gap={16} wrap>
              <Form.Item name="previousYear" valuePropName="checked" noStyle>
                <Checkbox>{t('analytics.comparePreviousYear')}</Checkbox>
              </Form.Item>
              <Form.Item name="yearToDate" valuePropName="checked" noStyle>
                <Checkbox disabled={periodKind === 'all'}>{t('analytics.compareYearToDate')}</Checkbox>
              </Form.Item>
            </Flex>
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
