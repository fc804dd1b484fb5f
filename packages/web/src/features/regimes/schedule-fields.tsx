import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { PERIODICITIES } from '@baocao/core';
import { Button, Col, DatePicker, Flex, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RegimeFormValues } from './regime-form-values';

export const DATE_FORMAT = 'DD/MM/YYYY';

/** One thematic round per line: name, data from, data to, due date, remove. */
const ROUND_GRID: React.CSSProperties = { display: 'grid', gridTemplateColumns: 'minmax(120px, 1fr) 140px 140px 140px 32px', gap: 8, alignItems: 'start' };

/** Periodicity, cutoff rule, deadline rule and the span of a periodic regime. */
export function PeriodicFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<RegimeFormValues>();
  const cutoffKind = Form.useWatch('cutoffKind', form);
  const deadlineKind = Form.useWatch('deadlineKind', form);
  const required = [{ required: true, message: t('regimes.form.required') }];
  return (
    <Row gutter={16}>
      <Col xs={24} md={8}>
        <Form.Item name="periodicity" label={t('regimes.form.periodicity')} rules={required}>
          <Select options={PERIODICITIES.map((p) => ({ value: p, label: t(`regimes.periodicity.${p}`) }))} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="startsOn" label={t('regimes.form.startsOn')} rules={required}>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} placeholder={t('regimes.form.pickDate')} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="endsOn" label={t('regimes.form.endsOn')}>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} placeholder={t('regimes.form.noEnd')} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="cutoffKind" label={t('regimes.form.cutoff')} required style={{ marginBottom: cutoffKind === 'custom' ? 8 : undefined }}>
          <Radio.Group
            options={(['decree_09', 'calendar', 'custom'] as const).map((k) => ({ value: k, label: t(`regimes.cutoffKind.${k}`) }))}
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          />
        </Form.Item>
        {cutoffKind === 'custom' && (
          <Flex gap={16} wrap style={{ marginBottom: 16, paddingLeft: 24 }}>
            <Form.Item name="startOffsetDays" label={t('regimes.form.startOffset')} rules={required} style={{ marginBottom: 0 }}>
              <InputNumber<number> min={-366} max={366} precision={0} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="endOffsetDays" label={t('regimes.form.endOffset')} rules={required} style={{ marginBottom: 0 }}>
              <InputNumber<number> min={-366} max={366} precision={0} style={{ width: 120 }} />
            </Form.Item>
          </Flex>
        )}
      </Col>
      <Col span={24}>
        <Form.Item label={t('regimes.form.deadline')} required>
          <Flex gap={12} align="center" wrap>
            <Form.Item name="deadlineKind" noStyle>
              <Select
                style={{ width: 300 }}
                aria-label={t('regimes.form.deadlineKindLabel')}
                options={(['working_days_after_cutoff', 'day_of_month'] as const).map((k) => ({ value: k, label: t(`regimes.deadlineKind.${k}`) }))}
              />
            </Form.Item>
            {deadlineKind === 'day_of_month' ? (
              <>
                <Form.Item name="deadlineDay" noStyle rules={required}>
                  <InputNumber<number> min={1} max={31} precision={0} prefix={t('regimes.form.dayPrefix')} aria-label={t('regimes.form.deadlineDay')} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name="deadlineMonthOffset" noStyle>
                  <Select
                    style={{ width: 200 }}
                    aria-label={t('regimes.form.monthOffset')}
                    options={[0, 1, 2, 3].map((m) => ({ value: m, label: t(`regimes.monthOffset.m${m}` as 'regimes.monthOffset.m0') }))}
                  />
                </Form.Item>
              </>
            ) : (
              <Form.Item name="deadlineDays" noStyle rules={required}>
                <InputNumber<number> min={1} max={250} precision={0} aria-label={t('regimes.form.deadlineDays')} suffix={t('regimes.form.workingDaysSuffix')} style={{ width: 170 }} />
              </Form.Item>
            )}
          </Flex>
        </Form.Item>
      </Col>
    </Row>
  );
}

/** The window of a thematic regime and its rounds (label, data from–to, due date). */
export function ThematicFields() {
  const { t } = useTranslation();
  const required = [{ required: true, message: t('regimes.form.required') }];
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="startsOn" label={t('regimes.form.windowFrom')} rules={required}>
            <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} placeholder={t('regimes.form.pickDate')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="endsOn" label={t('regimes.form.windowTo')} rules={required}>
            <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} placeholder={t('regimes.form.pickDate')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('regimes.form.rounds')} required>
        <Form.List name="rounds">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              <div style={ROUND_GRID}>
                {(['roundLabel', 'round_from', 'round_to', 'round_dueOn'] as const).map((key) => (
                  <Typography.Text key={key} type="secondary">
                    {t(`regimes.form.${key}`)}
                  </Typography.Text>
                ))}
              </div>
              {fields.map((field, i) => (
                <div key={field.key} style={ROUND_GRID}>
                  <Form.Item name={[field.name, 'label']} rules={required} style={{ marginBottom: 0 }}>
                    <Input aria-label={`${t('regimes.form.roundLabel')} ${i + 1}`} maxLength={200} />
                  </Form.Item>
                  {(['from', 'to', 'dueOn'] as const).map((key) => (
                    <Form.Item key={key} name={[field.name, key]} rules={required} style={{ marginBottom: 0 }}>
                      <DatePicker format={DATE_FORMAT} aria-label={`${t(`regimes.form.round_${key}`)} ${i + 1}`} placeholder={t('regimes.form.pickDate')} style={{ width: '100%' }} />
                    </Form.Item>
                  ))}
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${t('regimes.form.removeRound')} ${i + 1}`} onClick={() => remove(field.name)} />
                </div>
              ))}
              <div>
                <Button icon={<PlusOutlined />} onClick={() => add({ label: t('regimes.form.roundDefault', { n: fields.length + 1 }) })}>
                  {t('regimes.form.addRound')}
                </Button>
              </div>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
    </>
  );
}

/** The day the figures concern and the due date of an ad hoc request. */
export function AdHocFields() {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Col xs={24} md={12} xl={10}>
        <Form.Item name="asOf" label={t('regimes.form.asOf')}>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} placeholder={t('regimes.form.pickDate')} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12} xl={10}>
        <Form.Item name="dueOn" label={t('regimes.form.dueOn')} rules={[{ required: true, message: t('regimes.form.required') }]}>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} placeholder={t('regimes.form.pickDate')} />
        </Form.Item>
      </Col>
    </Row>
  );
}
