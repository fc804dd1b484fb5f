import { foldVi, type TemplateSummary } from '@baocao/core';
import { Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { useOfficialTemplates } from './api';
import type { RegimeFormValues } from './regime-form-values';

export const REMINDER_CHOICES = [0, 1, 2, 3, 5, 7, 10, 15];

/** Reminder days as a multi-select: "Đúng ngày hạn", "Trước 1 ngày"… */
export function ReminderSelect(props: { value?: number[]; onChange?: (v: number[]) => void; id?: string }) {
  const { t } = useTranslation();
  return (
    <Select<number[]>
      {...props}
      mode="multiple"
      options={REMINDER_CHOICES.map((d) => ({ value: d, label: d === 0 ? t('regimes.reminderOnDay') : t('regimes.reminderBefore', { count: d }) }))}
    />
  );
}

/** Code, name, requesting unit, templates, legal basis and reminders: the same for every kind. */
export function CommonFields() {
  const { t } = useTranslation();
  const templates = useOfficialTemplates();
  const form = Form.useFormInstance<RegimeFormValues>();
  const kind = Form.useWatch('kind', form);
  const periodicity = Form.useWatch('periodicity', form);
  // A periodic regime takes only templates designed for its periodicity (the server refuses the others).
  const fits = (tpl: TemplateSummary) => kind !== 'periodic' || (tpl.regimeKind === 'periodic' && !!periodicity && tpl.periodicities.includes(periodicity));
  const required = [{ required: true, whitespace: true, message: t('regimes.form.required') }];
  return (
    <Row gutter={16}>
      <Col xs={24} md={8}>
        <Form.Item
          name="code"
          label={t('regimes.code')}
          extra={t('regimes.form.codeHint')}
          rules={[...required, { pattern: /^[A-Za-z0-9][A-Za-z0-9._/-]*$/, message: t('regimes.form.codeHint') }]}
        >
          <Input maxLength={40} />
        </Form.Item>
      </Col>
      <Col xs={24} md={16}>
        <Form.Item name="name" label={t('regimes.name')} rules={required}>
          <Input maxLength={300} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="requestingUnitId" label={t('regimes.requestingUnit')} rules={[{ required: true, message: t('regimes.form.required') }]}>
          <UnitTreeSelect style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="reminderDaysBefore" label={t('regimes.form.reminders')} extra={t('regimes.form.remindersHint')}>
          <ReminderSelect />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item
          name="templateIds"
          label={t('regimes.templates')}
          extra={t('regimes.form.templatesHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('regimes.form.templatesRequired') }]}
        >
          <Select<string[]>
            mode="multiple"
            loading={templates.isPending}
            placeholder={t('regimes.form.templatesPlaceholder')}
            notFoundContent={templates.isError ? t('errors.generic') : t('regimes.form.noTemplates')}
            showSearch={{ filterOption: (input, option) => foldVi(String(option?.label ?? '')).includes(foldVi(input)) }}
            options={(templates.data ?? []).map((tpl) => ({
              value: tpl.id,
              label: `${tpl.code} — ${tpl.name} (${t(`templates.kindName.${tpl.kind}`)})${fits(tpl) ? '' : ` — ${t('regimes.form.templateMismatch')}`}`,
              disabled: !fits(tpl),
            }))}
          />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="legalBasis" label={t('regimes.legalBasis')}>
          <Input.TextArea rows={2} maxLength={2000} placeholder={t('regimes.form.legalBasisPlaceholder')} />
        </Form.Item>
      </Col>
    </Row>
  );
}
