import { cellKey, type GridRow, type NumericLayout, type TemplateGrid } from '@baocao/core';
import { Col, Flex, Row, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { computedCells } from './draft';
import { headerColumns } from '../../shared/ui/header-columns';

const COMPUTED_BG = '#eef1f5';
const FIXED_BG = '#fffbe6';
/** A disabled cell is hatched grey, as forms on paper strike out cells not to be filled. */
const DISABLED_STYLE: React.CSSProperties = { background: 'repeating-linear-gradient(45deg, #f2f2f2 0 5px, #b8b8b8 5px 6px)' };
const LEGEND: Record<'computed' | 'disabled' | 'fixed', React.CSSProperties> = { computed: { background: COMPUTED_BG }, disabled: DISABLED_STYLE, fixed: { background: FIXED_BG } };
/** Roughly one character of the table's font, in pixels, plus the cell's padding. */
const widthOf = (chars: number) => chars * 8 + 16;

/** The form as a unit will see it: title, merged headers, STT / name / unit, computed cells shaded, signatures. */
export function TemplatePreview({ grid, layout, name }: { grid: TemplateGrid; layout: NumericLayout; name: string }) {
  const { t } = useTranslation();
  const computed = useMemo(() => computedCells(grid), [grid]);
  const overrides = useMemo(() => new Map((grid.cells ?? []).map((c) => [cellKey(c.row, c.column), c])), [grid.cells]);
  const cellStyle = (key: string): React.CSSProperties => {
    const mode = overrides.get(key)?.mode;
    if (mode === 'disabled') return DISABLED_STYLE;
    if (mode === 'fixed') return { background: FIXED_BG };
    return computed.has(key) ? { background: COMPUTED_BG } : {};
  };
  const parents = useMemo(() => new Set(grid.rows.filter((r, i) => (grid.rows[i + 1]?.level ?? -1) > r.level).map((r) => r.code)), [grid.rows]);
  const columns: TableColumnsType<GridRow> = [
    { key: 'stt', title: t('templates.previewSttHeader'), dataIndex: 'displayNo', width: 56, align: 'center' },
    {
      key: 'name',
      title: t('templates.row.name'),
      width: 280,
      render: (_, r) => (
        <span style={{ paddingLeft: r.level * 16, fontWeight: parents.has(r.code) || r.level === 0 ? 600 : undefined }}>{r.name}</span>
      ),
    },
    { key: 'uom', title: t('templates.row.unitOfMeasure'), dataIndex: 'unitOfMeasure', width: 90, align: 'center' },
    ...headerColumns(grid.columns, 0, (c) => ({
      key: `c-${c.code}`,
      width: layout.columnWidths[c.code] ? widthOf(layout.columnWidths[c.code]!) : c.valueType === 'text' ? 180 : 110,
      align: 'center',
      onCell: (r: GridRow) => {
        const key = cellKey(r.code, c.code);
        const mode = overrides.get(key)?.mode ?? (computed.has(key) ? 'computed' : 'input');
        return { style: cellStyle(key), 'data-cell': key, 'data-mode': mode, title: t(`templates.cellMode.${mode}`) } as React.HTMLAttributes<HTMLElement>;
      },
      render: (_: unknown, r: GridRow) => {
        const o = overrides.get(cellKey(r.code, c.code));
        return o?.mode === 'fixed' ? o.value : null;
      },
    })),
  ];

  return (
    <div data-testid="template-preview" style={{ background: '#fff', padding: 24, border: '1px solid #e5e5e5', maxWidth: layout.orientation === 'portrait' ? 900 : undefined }}>
      <Typography.Title level={4} style={{ textAlign: 'center', textTransform: 'uppercase', marginBottom: 4 }}>
        {layout.title || name}
      </Typography.Title>
      {layout.subtitle && <Typography.Paragraph style={{ textAlign: 'center', fontStyle: 'italic' }}>{layout.subtitle}</Typography.Paragraph>}
      <Table<GridRow> rowKey={(r) => String(grid.rows.indexOf(r))} size="small" bordered pagination={false} columns={columns} dataSource={grid.rows} scroll={{ x: 'max-content' }} />
      <Flex gap={16} style={{ marginTop: 8, fontSize: 12 }} wrap>
        {(['computed', 'disabled', 'fixed'] as const).map((mode) => (
          <Flex key={mode} gap={6} align="center">
            <span style={{ display: 'inline-block', width: 18, height: 12, border: '1px solid #d9d9d9', ...LEGEND[mode] }} />
            <Typography.Text type="secondary">{t(`templates.cellMode.${mode}`)}</Typography.Text>
          </Flex>
        ))}
      </Flex>
      {layout.footnotes.length > 0 && (
        <div style={{ marginTop: 12 }}>
          {layout.footnotes.map((f, i) => (
            <Typography.Paragraph key={i} style={{ marginBottom: 2, fontSize: 13 }} type="secondary">
              {f}
            </Typography.Paragraph>
          ))}
        </div>
      )}
      <Row style={{ marginTop: 24, textAlign: 'center' }}>
        <Col span={12}>
          <Typography.Text strong>{layout.signatureBlock.left}</Typography.Text>
        </Col>
        <Col span={12}>
          <Typography.Text strong>{layout.signatureBlock.right}</Typography.Text>
        </Col>
      </Row>
    </div>
  );
}
