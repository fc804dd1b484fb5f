import { compareVi, formatDateVi, type RoundProgress } from '@baocao/core';
import { MergeCellsOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../shared/format';
import { ErrorResult } from '../../shared/ui/error-result';
import { useRoundProgress } from './api';
import { windowText } from './regime-rules';
import { AssignmentStatusTag } from '../inbox/assignment-status';
import { ReviewActions } from '../review/review-actions';

type Row = RoundProgress['rows'][number];

/** Overdue first (most late on top), then the other missing ones, then those that answered. */
function rank(r: Row): number {
  if (!r.answered && r.lateDays > 0) return 0;
  return r.answered ? 2 : 1;
}

/** The answer state a requesting unit cares about: sent, not sent, or overdue by N days. */
export function AnswerTag({ row }: { row: Row }) {
  const { t } = useTranslation();
  if (row.answered) {
    return (
      <Flex gap={4} wrap>
        <Tag color="green">{t('regimes.progress.sent')}</Tag>
        {row.lateDays > 0 && <Tag color="gold">{t('regimes.progress.sentLate', { count: row.lateDays })}</Tag>}
      </Flex>
    );
  }
  return row.lateDays > 0 ? <Tag color="red">{t('regimes.progress.overdue', { count: row.lateDays })}</Tag> : <Tag color="orange">{t('regimes.progress.notSent')}</Tag>;
}

/** Who answered one round and who is missing, refreshed every 15 seconds. Overdue units stay on top. */
export function RoundProgressPanel({ regimeId, roundKey }: { regimeId: string; roundKey: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const progress = useRoundProgress(regimeId, roundKey);
  const rows = useMemo(
    () => [...(progress.data?.rows ?? [])].sort((a, b) => rank(a) - rank(b) || b.lateDays - a.lateDays || compareVi(a.unitName, b.unitName)),
    [progress.data],
  );
  if (progress.isError) return <ErrorResult error={progress.error} onRetry={() => void progress.refetch()} />;
  const p = progress.data;

  const columns: TableColumnsType<Row> = [
    {
      title: t('regimes.unit'),
      render: (_, r) => (
        <Flex vertical>
          <span>{r.unitName}</span>
          <Typography.Text type="secondary">{r.unitCode}</Typography.Text>
        </Flex>
      ),
    },
    { title: t('regimes.progress.template'), width: 200, render: (_, r) => `${r.templateCode}` },
    { title: t('regimes.progress.answer'), width: 200, render: (_, r) => <AnswerTag row={r} /> },
    { title: t('regimes.progress.work'), width: 160, render: (_, r) => <AssignmentStatusTag status={r.status} /> },
    {
      title: t('regimes.progress.handledBy'),
      width: 220,
      render: (_, r) => (
        <Flex vertical>
          {r.assigneeName && <span>{r.assigneeName}</span>}
          {r.delegatedCount > 0 && <Typography.Text type="secondary">{t('regimes.progress.delegated', { count: r.delegatedCount })}</Typography.Text>}
          {!r.assigneeName && r.delegatedCount === 0 && <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
        </Flex>
      ),
    },
    { title: t('regimes.progress.sentAt'), width: 170, render: (_, r) => (r.sentAt ? formatDateTime(r.sentAt) : t('common.none')) },
    { title: t('common.actions'), width: 170, render: (_, r) => <ReviewActions assignmentId={r.assignmentId} unitName={r.unitName} status={r.status} /> },
  ];

  return (
    <Card
      size="small"
      data-testid="round-progress"
      title={p ? t('regimes.progress.title', { round: p.roundLabel }) : t('regimes.progress.loading')}
      extra={
        <Flex align="center" gap={12} wrap>
          <Typography.Text type="secondary">
            {t('regimes.progress.live')}
            {progress.dataUpdatedAt > 0 && ` · ${formatDateTime(new Date(progress.dataUpdatedAt).toISOString()).slice(11)}`}
          </Typography.Text>
          <Button size="small" icon={<MergeCellsOutlined />} onClick={() => void navigate(`/che-do-bao-cao/${regimeId}/ky/${encodeURIComponent(roundKey)}/tong-hop`)}>
            {t('review.roundAggregate.button')}
          </Button>
        </Flex>
      }
    >
      {p && (
        <Flex gap={32} wrap style={{ marginBottom: 16 }} align="center">
          <Statistic title={t('regimes.progress.answered')} value={p.answered} suffix={`/ ${p.total}`} />
          <Statistic title={t('regimes.progress.missing')} value={p.missing} styles={{ content: { color: p.missing ? '#d46b08' : undefined } }} />
          <Statistic title={t('regimes.progress.overdueTotal')} value={p.overdue} styles={{ content: { color: p.overdue ? '#cf1322' : undefined } }} />
          <Flex vertical>
            <Typography.Text type="secondary">{t('regimes.cutoffWindow')}: {windowText(p.cutoffFrom, p.cutoffTo)}</Typography.Text>
            <Typography.Text type="secondary">{t('regimes.dueOn')}: {formatDateVi(p.dueOn)}</Typography.Text>
          </Flex>
        </Flex>
      )}
      {p && p.overdue > 0 && <Alert type="error" showIcon title={t('regimes.progress.overdueAlert', { count: p.overdue })} style={{ marginBottom: 12 }} />}
      <Table<Row>
        rowKey="assignmentId"
        size="small"
        loading={progress.isPending}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={rows.length > 15 ? { y: 560 } : undefined}
        locale={{ emptyText: t('regimes.progress.empty') }}
      />
    </Card>
  );
}
