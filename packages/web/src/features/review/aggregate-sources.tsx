import type { AggregateView, TemplateGrid } from '@baocao/core';
import { Card, Flex, List, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../shared/format';
import { AssignmentStatusTag } from '../inbox/assignment-status';
import { cellLabel } from './form-values';

type Source = AggregateView['sources'][number];
type Warning = AggregateView['warnings'][number];

const WARNING_COLORS: Record<Warning['kind'], string> = { incomplete: 'orange', constraint: 'red', outlier: 'purple' };

/** Each source unit (subordinate, or asked by the regime): where its report stands and whether its figures are in the aggregate. */
export function AggregateSources({ view, title }: { view: AggregateView; title?: string }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Source> = [
    { title: t('review.aggregate.unit'), key: 'unit', render: (_, s) => <Link to={`/viec-cua-toi/${s.assignmentId}`}>{s.unitName}</Link> },
    { title: t('common.status'), key: 'status', width: 160, render: (_, s) => <AssignmentStatusTag status={s.status} /> },
    {
      title: t('review.aggregate.sentAt'),
      key: 'sentAt',
      width: 180,
      render: (_, s) => (s.sentAt ? formatDateTime(s.sentAt) : <Typography.Text type="secondary">{t('review.aggregate.notSent')}</Typography.Text>),
    },
    {
      title: t('review.aggregate.inAggregate'),
      key: 'included',
      width: 200,
      render: (_, s) =>
        s.included ? <Tag color="green">{t('review.aggregate.included')}</Tag> : <Tag color="orange">{t('review.aggregate.missingTag')}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'versions',
      width: 140,
      render: (_, s) => s.sentAt && <Link to={`/viec-cua-toi/${s.assignmentId}/phien-ban`}>{t('review.versionsLink')}</Link>,
    },
  ];
  return (
    <Card title={title ?? t('review.aggregate.sources', { count: view.sources.length })} data-testid="aggregate-sources">
      <Table<Source>
        rowKey="assignmentId"
        size="small"
        columns={columns}
        dataSource={view.sources}
        pagination={false}
        onRow={(s) => ({ style: s.included ? undefined : { background: '#fff7e6' } })}
        locale={{ emptyText: t('review.aggregate.noSources') }}
      />
    </Card>
  );
}

/** Data quality warnings (R39), unit by unit: missing figures, broken checks, values far from the others. */
export function QualityWarnings({ view, grid }: { view: AggregateView; grid: TemplateGrid }) {
  const { t } = useTranslation();
  const byUnit = new Map<string, { unitName: string; items: Warning[] }>();
  for (const w of view.warnings) {
    const entry = byUnit.get(w.unitId) ?? { unitName: w.unitName, items: [] };
    entry.items.push(w);
    byUnit.set(w.unitId, entry);
  }
  return (
    <Card title={t('review.quality.title', { count: view.warnings.length })} data-testid="quality-warnings">
      {byUnit.size === 0 ? (
        <Typography.Text type="secondary">{t('review.quality.none')}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          {[...byUnit.entries()].map(([unitId, { unitName, items }]) => (
            <div key={unitId}>
              <Typography.Text strong>{unitName}</Typography.Text>
              <List
                size="small"
                dataSource={items}
                renderItem={(w) => (
                  <List.Item>
                    <Flex gap={8} align="baseline" wrap>
                      <Tag color={WARNING_COLORS[w.kind]}>{t(`review.quality.kind.${w.kind}`)}</Tag>
                      {w.cell && <Typography.Text type="secondary">{cellLabel(grid, w.cell)}:</Typography.Text>}
                      <span>{w.message}</span>
                    </Flex>
                  </List.Item>
                )}
              />
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}
