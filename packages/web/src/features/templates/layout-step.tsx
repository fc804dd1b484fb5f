import type { NumericLayout, TemplateGrid } from '@baocao/core';
import { Col, Flex, Form, Input, InputNumber, Radio, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TemplatePreview } from './template-preview';

type Props = { layout: NumericLayout; onChange: (layout: NumericLayout) => void; grid: TemplateGrid; name: string; readOnly: boolean };

/** Step 3: title, subtitle, footnotes, signatures and orientation, with the live preview below. */
export function LayoutStep({ layout, onChange, grid, name, readOnly }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<NumericLayout>) => onChange({ ...layout, ...patch });
  const setWidth = (code: string, chars: number | null) => {
    const { [code]: _old, ...rest } = layout.columnWidths;
    set({ columnWidths: chars ? { ...rest, [code]: Math.round(chars) } : rest });
  };
  return (
    <>
      <Form layout="vertical" disabled={readOnly}>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Form.Item label={t('templates.layout.title')} htmlFor="layout-title">
              <Input id="layout-title" value={layout.title} placeholder={name} maxLength={300} onChange={(e) => set({ title: e.target.value })} />
            </Form.Item>
            <Form.Item label={t('templates.layout.subtitle')} htmlFor="layout-subtitle">
              <Input id="layout-subtitle" value={layout.subtitle} maxLength={300} onChange={(e) => set({ subtitle: e.target.value })} />
            </Form.Item>
            <Form.Item label={t('templates.layout.orientation')}>
              <Radio.Group
                value={layout.orientation}
                onChange={(e) => set({ orientation: e.target.value as NumericLayout['orientation'] })}
                options={[
                  { value: 'landscape', label: t('templates.layout.landscape') },
                  { value: 'portrait', label: t('templates.layout.portrait') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item label={t('templates.layout.footnotes')} htmlFor="layout-footnotes">
              <Input.TextArea
                id="layout-footnotes"
                rows={3}
                value={layout.footnotes.join('\n')}
                onChange={(e) => set({ footnotes: e.target.value.split('\n').slice(0, 20) })}
              />
            </Form.Item>
            <Row gutter={8}>
              <Col span={12}>
                <Form.Item label={t('templates.layout.signLeft')} htmlFor="layout-sign-left">
                  <Input id="layout-sign-left" value={layout.signatureBlock.left} onChange={(e) => set({ signatureBlock: { ...layout.signatureBlock, left: e.target.value } })} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label={t('templates.layout.signRight')} htmlFor="layout-sign-right">
                  <Input id="layout-sign-right" value={layout.signatureBlock.right} onChange={(e) => set({ signatureBlock: { ...layout.signatureBlock, right: e.target.value } })} />
                </Form.Item>
              </Col>
            </Row>
          </Col>
        </Row>
        <Form.Item label={t('templates.layout.columnWidths')} extra={t('templates.layout.columnWidthsHint')}>
          <Flex gap={12} wrap>
            {grid.columns.map((c) => (
              <InputNumber
                key={c.code}
                size="small"
                min={3}
                max={100}
                precision={0}
                style={{ width: 150 }}
                prefix={<Typography.Text code>{c.code}</Typography.Text>}
                aria-label={t('templates.layout.columnWidthOf', { code: c.code })}
                placeholder={t('templates.layout.auto')}
                value={layout.columnWidths[c.code] ?? null}
                onChange={(v) => setWidth(c.code, typeof v === 'number' ? v : null)}
              />
            ))}
          </Flex>
        </Form.Item>
      </Form>
      <Typography.Title level={5}>{t('templates.preview')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('templates.previewHint')}</Typography.Paragraph>
      <TemplatePreview grid={grid} layout={layout} name={name} />
    </>
  );
}
