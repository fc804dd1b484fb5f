import { formatDateVi, type ScheduleEntry } from '@baocao/core';
import { Flex, Progress, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../shared/ui/error-result';
import { useRegimeSchedule } from './api';
import { windowText } from './regime-rules';

type Props = { regimeId: string; selected: string | undefined; onSelect: (roundKey: string) => void };

/** The regime's rounds: those opened, with how many units answered, then the coming ones greyed. */
export function RegimeSchedule({ regimeId, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const schedule = useRegimeSchedule(regimeId);
  if (schedule.isError) return <ErrorResult error={schedule.error} onRetry={() => void schedule.refetch()} />;

  const columns: TableColumnsType<ScheduleEntry> = [
    {
      title: t('regimes.round'),
      dataIndex: 'label',
      render: (label: string, e) =>
        e.state === 'opened' ? (
          <Typography.Link onClick={() => onSelect(e.key)}>{label}</Typography.Link>
        ) : (
          <Typography.Text type="secondary">{label}</Typography.Text>
        ),
    },
    { title: t('regimes.cutoffWindow'), width: 210, render: (_, e) => windowText(e.cutoffFrom, e.cutoffTo) },
    { title: t('regimes.opensOn'), dataIndex: 'opensOn', width: 110, render: (v: string) => formatDateVi(v) },
    { title: t('regimes.dueOn'), dataIndex: 'dueOn', width: 110, render: (v: string) => formatDateVi(v) },
    {
      title: t('regimes.schedule.answered'),
      width: 200,
      render: (_, e) =>
        e.state === 'opened' ? (
          <Flex vertical gap={0}>
            <span>{t('regimes.schedule.answeredOf', { answered: e.answered, assigned: e.assigned })}</span>
            <Progress percent={e.assigned ? Math.round((e.answered / e.assigned) * 100) : 0} size="small" showInfo={false} />
          </Flex>
        ) : (
          <Tag>{t('regimes.schedule.upcoming')}</Tag>
        ),
    },
    {
      title: t('regimes.schedule.missing'),
      width: 170,
      render: (_, e) =>
        e.state === 'opened' && (
          <Flex gap={4} wrap>
            {e.missing > 0 ? <Tag color="orange">{t('regimes.schedule.missingCount', { count: e.missing })}</Tag> : <Tag color="green">{t('regimes.schedule.complete')}</Tag>}
            {e.overdue > 0 && <Tag color="red">{t('regimes.schedule.overdueCount', { count: e.overdue })}</Tag>}
          </Flex>
        ),
    },
  ];

  return (
    <Table<ScheduleEntry>
      rowKey="key"
      size="small"
      loading={schedule.isPending}
      columns={columns}
      dataSource={schedule.data?.entries ?? []}
      pagination={false}
      locale={{ emptyText: t('regimes.schedule.empty') }}
      rowClassName={(e) => (e.key === selected ? 'ant-table-row-selected' : '')}
      onRow={(e) => ({
        onClick: () => e.state === 'opened' && onSelect(e.key),
        style: { cursor: e.state === 'opened' ? 'pointer' : undefined, opacity: e.state === 'upcoming' ? 0.6 : 1 },
      })}
    />
  );
}
