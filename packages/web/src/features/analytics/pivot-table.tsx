import { formatViNumber } from '@baocao/core';
import { Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Pivot } from './question';

type Row = Pivot['rows'][number];

/** One row per unit, one column per period, the total row in bold; figures exact, Vietnamese-style. */
export function PivotTable({ pivot }: { pivot: Pivot }) {
  const { t } = useTranslation();
  const percent = pivot.metric === 'planPercent' || pivot.metric === 'changePercent';
  const show = (v: string | null) => (v === null ? '' : percent ? `${formatViNumber(v)} %` : formatViNumber(v));
  const columns: TableColumnsType<Row> = [
    { key: 'unit', title: t('analytics.unitColumn'), dataIndex: 'unitName', fixed: 'left', width: 260 },
    ...pivot.periods.map((p) => ({
      key: p.key,
      title: p.title,
      align: 'right' as const,
      width: 150,
      render: (_: unknown, row: Row) => show(row.values[p.key] ?? null),
    })),
  ];
  return (
    <Table<Row>
      data-testid="analytics-pivot"
      rowKey="unitId"
      size="small"
      bordered
      pagination={false}
      columns={columns}
      dataSource={pivot.rows}
      scroll={{ x: 'max-content' }}
      summary={() => (
        <Table.Summary fixed="bottom">
          <Table.Summary.Row data-testid="analytics-total">
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('analytics.total')}</Typography.Text>
            </Table.Summary.Cell>
            {pivot.periods.map((p, i) => (
              <Table.Summary.Cell key={p.key} index={i + 1} align="right">
                <Typography.Text strong>{show(pivot.totals[p.key] ?? null)}</Typography.Text>
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}
