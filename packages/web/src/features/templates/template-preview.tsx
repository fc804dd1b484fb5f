import { cellKey, type GridColumn, type GridRow, type NumericLayout, type TemplateGrid } from '@baocao/core';
import { Col, Row, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { computedCells } from './draft';

const COMPUTED_BG = '#eef1f5';

/** Merged multi-level headers from each column's headerPath: adjacent columns sharing a level share one cell. */
function headerColumns(columns: GridColumn[], level: number, leaf: (c: GridColumn) => TableColumnsType<GridRow>[number]): TableColumnsType<GridRow> {
  const out: TableColumnsType<GridRow> = [];
  for (let i = 0; i < columns.length; ) {
    const col = columns[i]!;
    if (col.headerPath.length <= level + 1) {
      out.push({ ...leaf(col), title: col.headerPath[col.headerPath.length - 1] });
      i++;
      continue;
    }
    let j = i + 1;
    while (j < columns.length && columns[j]!.headerPath.length > level + 1 && columns[j]!.headerPath[level] === col.headerPath[level]) j++;
    out.push({ key: `g${level}-${i}`, title: col.headerPath[level], align: 'center', children: headerColumns(columns.slice(i, j), level + 1, leaf) });
    i = j;
  }
  return out;
}

/** The form as a unit will see it: title, merged headers, STT / name / unit, computed cells shaded, signatures. */
export function TemplatePreview({ grid, layout, name }: { grid: TemplateGrid; layout: NumericLayout; name: string }) {
  const { t } = useTranslation();
  const computed = useMemo(() => computedCells(grid), [grid]);
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
      width: layout.columnWidths[c.code] ? layout.columnWidths[c.code]! * 8 : c.valueType === 'text' ? 180 : 110,
      align: 'center',
      onCell: (r: GridRow) => ({ style: computed.has(cellKey(r.code, c.code)) ? { background: COMPUTED_BG } : {} }),
      render: () => null,
    })),
  ];

  return (
    <div data-testid="template-preview" style={{ background: '#fff', padding: 24, border: '1px solid #e5e5e5', maxWidth: layout.orientation === 'portrait' ? 900 : undefined }}>
      <Typography.Title level={4} style={{ textAlign: 'center', textTransform: 'uppercase', marginBottom: 4 }}>
        {layout.title || name}
      </Typography.Title>
      {layout.subtitle && <Typography.Paragraph style={{ textAlign: 'center', fontStyle: 'italic' }}>{layout.subtitle}</Typography.Paragraph>}
      <Table<GridRow> rowKey={(r) => String(grid.rows.indexOf(r))} size="small" bordered pagination={false} columns={columns} dataSource={grid.rows} scroll={{ x: 'max-content' }} />
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
