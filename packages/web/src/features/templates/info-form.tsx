import { PERIODICITIES, RegimeKind, type TemplateInfo } from '@baocao/core';
import { Checkbox, Col, Form, Input, Row, Select, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { UnitTreeSelect } from '../units/unit-tree-select';

type Props = { form: FormInstance<TemplateInfo>; initial: Partial<TemplateInfo>; readOnly: boolean; onChange: () => void };

/** Step 1, general information: code, name, regime and periods, field, requesting unit, legal basis, description. */
export function InfoForm({ form, initial, readOnly, onChange }: Props) {
  const { t } = useTranslation();
  const regimeKind = Form.useWatch('regimeKind', form);
  return (
    <Form<TemplateInfo> form={form} layout="vertical" initialValues={initial} disabled={readOnly} requiredMark="optional" onValuesChange={onChange} style={{ maxWidth: 960 }}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="code" label={t('templates.code')} extra={t('templates.codeHint')} rules={[{ required: true, message: t('templates.fieldRequired') }, { pattern: /^[A-Za-z0-9][A-Za-z0-9._/-]*$/, message: t('templates.codeHint') }]}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="name" label={t('templates.name')} rules={[{ required: true, whitespace: true, message: t('templates.fieldRequired') }]}>
            <Input maxLength={300} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="regimeKind" label={t('templates.regimeKind')} rules={[{ required: true }]}>
            <Select options={RegimeKind.options.map((k) => ({ value: k, label: t(`templates.regime.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          {regimeKind === 'periodic' && (
            <Form.Item name="periodicities" label={t('templates.periodicities')} rules={[{ required: true, type: 'array', min: 1, message: t('templates.periodsRequired') }]}>
              <Checkbox.Group options={PERIODICITIES.map((p) => ({ value: p, label: t(`templates.periodicity.${p}`) }))} />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="fieldGroup" label={t('templates.fieldGroup')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="requestingUnitId" label={t('templates.requestingUnit')} rules={[{ required: true, message: t('templates.fieldRequired') }]}>
            <UnitTreeSelect style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="legalBasis" label={t('templates.legalBasis')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="description" label={t('templates.description')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
