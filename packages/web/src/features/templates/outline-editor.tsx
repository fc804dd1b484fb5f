import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, MenuFoldOutlined, MenuUnfoldOutlined, PlusOutlined } from '@ant-design/icons';
import type { NarrativeLayout, OutlineSection, Placeholder } from '@baocao/core';
import { Button, Col, Flex, Form, Input, Row, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { newKey } from './draft';
import { move, replaceAt } from './grid-editing';
import { PlaceholdersEditor } from './placeholders-editor';

/** One section of the outline, flattened with its level like the rows of a grid; placeholders kept as loaded. */
export type DraftSection = { key: string; level: number; number: string; title: string; guidance: string; placeholders: Placeholder[] };

export const defaultNarrativeLayout: NarrativeLayout = {
  parentAgency: 'UBND THÀNH PHỐ HẢI PHÒNG',
  symbol: 'BC',
  summary: '',
  signerTitle: 'GIÁM ĐỐC',
  recipients: ['Như trên;', 'Lưu: VT.'],
};

const section = (level: number, number = '', title = ''): DraftSection => ({ key: newKey(), level, number, title, guidance: '', placeholders: [] });

export function newOutline(): DraftSection[] {
  return [section(0, 'I', 'Tình hình thực hiện'), section(0, 'II', 'Phương hướng, nhiệm vụ'), section(0, 'III', 'Kiến nghị, đề xuất')];
}

export function fromOutline(outline: OutlineSection[], level = 0): DraftSection[] {
  return outline.flatMap((s) => [{ key: newKey(), level, number: s.number, title: s.title, guidance: s.guidance, placeholders: s.placeholders }, ...fromOutline(s.children, level + 1)]);
}

/** Nests the flat list back: a section's parent is the nearest one above with a smaller level. */
export function toOutline(flat: DraftSection[]): OutlineSection[] {
  const roots: OutlineSection[] = [];
  const stack: { level: number; node: OutlineSection }[] = [];
  for (const s of flat) {
    const node: OutlineSection = { number: s.number.trim(), title: s.title.trim(), guidance: s.guidance.trim(), placeholders: s.placeholders, children: [] };
    while (stack.length && stack[stack.length - 1]!.level >= s.level) stack.pop();
    (stack.length ? stack[stack.length - 1]!.node.children : roots).push(node);
    stack.push({ level: s.level, node });
  }
  return roots;
}

type Props = { outline: DraftSection[]; onChange: (o: DraftSection[]) => void; layout: NarrativeLayout; onLayoutChange: (l: NarrativeLayout) => void; readOnly: boolean };

/** The outline (đề cương) of a narrative report: numbered sections with writing guidance, and the document's header fields. */
export function OutlineEditor({ outline, onChange, layout, onLayoutChange, readOnly }: Props) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<DraftSection>) => onChange(replaceAt(outline, i, { ...outline[i]!, ...patch }));
  const maxLevel = (i: number) => (i === 0 ? 0 : Math.min(5, outline[i - 1]!.level + 1));
  const columns: TableColumnsType<DraftSection> = [
    { title: t('templates.outline.number'), width: 90, render: (_, s, i) => <Input size="small" aria-label={`${t('templates.outline.number')} ${i + 1}`} value={s.number} disabled={readOnly} onChange={(e) => set(i, { number: e.target.value })} /> },
    {
      title: t('templates.outline.title'),
      render: (_, s, i) => (
        <div style={{ paddingLeft: s.level * 20 }}>
          <Input size="small" aria-label={`${t('templates.outline.title')} ${i + 1}`} value={s.title} disabled={readOnly} status={s.title.trim() ? undefined : 'error'} onChange={(e) => set(i, { title: e.target.value })} />
          <Input.TextArea size="small" autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('templates.outline.guidance')} value={s.guidance} disabled={readOnly} style={{ marginTop: 4 }} onChange={(e) => set(i, { guidance: e.target.value })} />
          <PlaceholdersEditor placeholders={s.placeholders} onChange={(placeholders) => set(i, { placeholders })} readOnly={readOnly} place={String(i + 1)} />
        </div>
      ),
    },
    {
      title: t('common.actions'),
      width: 170,
      hidden: readOnly,
      render: (_, s, i) => (
        <Flex gap={2}>
          <Tooltip title={t('templates.row.outdent')}><Button size="small" type="text" icon={<MenuFoldOutlined />} disabled={s.level === 0} onClick={() => set(i, { level: s.level - 1 })} /></Tooltip>
          <Tooltip title={t('templates.row.indent')}><Button size="small" type="text" icon={<MenuUnfoldOutlined />} disabled={s.level >= maxLevel(i)} onClick={() => set(i, { level: s.level + 1 })} /></Tooltip>
          <Tooltip title={t('templates.row.up')}><Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => onChange(move(outline, i, -1))} /></Tooltip>
          <Tooltip title={t('templates.row.down')}><Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === outline.length - 1} onClick={() => onChange(move(outline, i, 1))} /></Tooltip>
          <Tooltip title={t('templates.outline.addChild')}><Button size="small" type="text" icon={<PlusOutlined />} onClick={() => onChange([...outline.slice(0, i + 1), section(Math.min(5, s.level + 1)), ...outline.slice(i + 1)])} /></Tooltip>
          <Tooltip title={t('templates.outline.remove')}><Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={outline.length === 1} onClick={() => onChange(outline.filter((_, j) => j !== i))} /></Tooltip>
        </Flex>
      ),
    },
  ];
  const setLayout = (patch: Partial<NarrativeLayout>) => onLayoutChange({ ...layout, ...patch });
  return (
    <Flex vertical gap={16}>
      <Form layout="vertical" disabled={readOnly}>
        <Row gutter={16}>
          <Col xs={24} md={8}><Form.Item label={t('templates.outline.parentAgency')}><Input value={layout.parentAgency} onChange={(e) => setLayout({ parentAgency: e.target.value })} /></Form.Item></Col>
          <Col xs={12} md={4}><Form.Item label={t('templates.outline.symbol')}><Input value={layout.symbol} onChange={(e) => setLayout({ symbol: e.target.value })} /></Form.Item></Col>
          <Col xs={12} md={4}><Form.Item label={t('templates.outline.signerTitle')}><Input value={layout.signerTitle} onChange={(e) => setLayout({ signerTitle: e.target.value })} /></Form.Item></Col>
          <Col xs={24} md={8}><Form.Item label={t('templates.outline.summary')} htmlFor="outline-summary"><Input id="outline-summary" value={layout.summary} onChange={(e) => setLayout({ summary: e.target.value })} /></Form.Item></Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('templates.outline.recipients')} htmlFor="outline-recipients">
              <Input.TextArea id="outline-recipients" autoSize={{ minRows: 2, maxRows: 6 }} value={layout.recipients.join('\n')} onChange={(e) => setLayout({ recipients: e.target.value.split('\n').slice(0, 30) })} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Typography.Title level={5} style={{ margin: 0 }}>{t('templates.step.outline')}</Typography.Title>
      <Table<DraftSection> rowKey="key" size="small" bordered pagination={false} columns={columns} dataSource={outline} />
      {!readOnly && (
        <Button icon={<PlusOutlined />} type="dashed" block onClick={() => onChange([...outline, section(0)])}>
          {t('templates.outline.add')}
        </Button>
      )}
    </Flex>
  );
}
