import { CloseOutlined } from '@ant-design/icons';
import type { AggregateView, TemplateGrid } from '@baocao/core';
import { Alert, Button, Descriptions, Flex, Popover, Table, Tag, Typography } from 'antd';
import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { computedCells } from '../templates/draft';
import { cellLabel, columnOf, displayValue } from './form-values';

type Line = { key: string; unitName: string; value: string | null; missing: boolean };
type Props = { view: AggregateView; grid: TemplateGrid; cell: string; onClose: () => void; children: ReactNode };

/** React events bubble out of the popover's portal to the table cell, whose click would open it again. */
const stop = (e: MouseEvent) => e.stopPropagation();

/** "Chi tiết đóng góp" beside an aggregated cell: each unit's figure, the units still missing, and the total. */
export function ContributionPopover({ view, grid, cell, onClose, children }: Props) {
  const { t } = useTranslation();
  return (
    <Popover
      open
      placement="left"
      onOpenChange={(open) => !open && onClose()}
      trigger="click"
      title={
        <Flex justify="space-between" align="center" onClick={stop}>
          {t('review.contribution.title')}
          <Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('common.close')} onClick={onClose} />
        </Flex>
      }
      content={
        <div onClick={stop}>
          <ContributionDetails view={view} grid={grid} cell={cell} />
        </div>
      }
    >
      {children}
    </Popover>
  );
}

function ContributionDetails({ view, grid, cell }: { view: AggregateView; grid: TemplateGrid; cell: string }) {
  const { t } = useTranslation();
  const column = columnOf(grid, cell);
  // A total row or a percentage is recomputed from the aggregated figures, whatever its column's rule.
  const method = computedCells(grid).has(cell) ? 'formula' : column?.aggregation;
  const names = new Map(view.sources.map((s) => [s.unitId, s.unitName]));
  const contributions = view.contributions[cell];
  const total = view.inputs[cell] ?? view.computed[cell] ?? null;
  const lines: Line[] = [
    ...(contributions ?? []).map((c) => ({ key: c.unitId, unitName: names.get(c.unitId) ?? c.unitId, value: c.value, missing: false })),
    ...view.missing.map((m) => ({ key: `missing-${m.unitId}`, unitName: m.unitName, value: null, missing: true })),
  ];

  return (
    <div style={{ width: 440 }} data-testid="contribution-details">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'cell', label: t('review.contribution.cell'), children: cellLabel(grid, cell) },
          ...(method ? [{ key: 'method', label: t('review.contribution.method'), children: t(`review.aggregation.${method}`) }] : []),
        ]}
        style={{ marginBottom: 12 }}
      />
      {contributions ? (
        <Table<Line>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={lines}
          columns={[
            { title: t('review.aggregate.unit'), key: 'unit', render: (_, l) => l.unitName },
            {
              title: t('review.contribution.value'),
              key: 'value',
              align: 'right',
              width: 150,
              render: (_, l) =>
                l.missing ? (
                  <Tag color="orange">{t('review.aggregate.notSent')}</Tag>
                ) : l.value === null || l.value === '' ? (
                  <Typography.Text type="secondary">{t('review.contribution.blank')}</Typography.Text>
                ) : (
                  displayValue(column, l.value)
                ),
            },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('review.contribution.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong data-testid="contribution-total">
                  {displayValue(column, total)}
                </Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      ) : (
        <Alert type="info" showIcon title={t('review.contribution.computed', { value: displayValue(column, total) || t('review.contribution.blank') })} />
      )}
      {view.missing.length > 0 && contributions && (
        <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('review.contribution.missingNote', { count: view.missing.length })} />
      )}
    </div>
  );
}
