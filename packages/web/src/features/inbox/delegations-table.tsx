import type { Assignment, AssignmentDetail, AssignmentStatus } from '@baocao/core';
import { Button, Card, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../shared/format';
import { AssignmentStatusTag, TimeLeftText } from './assignment-status';
import { formatDay } from './dates';
import { RescheduleModal, WithdrawModal } from './delegation-modals';
import { AggregateButton } from '../review/aggregate-button';
import { ReviewActions } from '../review/review-actions';

/** A delegation that was taken back or already answered cannot be rescheduled or withdrawn. */
const CLOSED: readonly AssignmentStatus[] = ['withdrawn', 'sent', 'accepted'];

/** The delegations made from this assignment, withdrawn ones included; changes for those who may delegate. */
export function DelegationsTable({ a }: { a: AssignmentDetail }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<{ child: Assignment; action: 'reschedule' | 'withdraw' } | null>(null);

  const columns: TableColumnsType<Assignment> = [
    {
      title: t('inbox.delegations.unit'),
      key: 'unit',
      render: (_, r) => (
        <Typography.Text delete={r.status === 'withdrawn'} type={r.status === 'withdrawn' ? 'secondary' : undefined}>
          <Link to={`/viec-cua-toi/${r.id}`}>{r.unitName}</Link>
        </Typography.Text>
      ),
    },
    {
      title: t('inbox.delegations.dueOn'),
      key: 'dueOn',
      width: 200,
      render: (_, r) => (
        <Flex vertical>
          {formatDay(r.dueOn)}
          <TimeLeftText assignment={r} />
        </Flex>
      ),
    },
    { title: t('common.status'), key: 'status', width: 150, render: (_, r) => <AssignmentStatusTag status={r.status} /> },
    {
      title: t('inbox.assignee'),
      key: 'assignee',
      width: 180,
      render: (_, r) => r.assigneeName ?? <Typography.Text type="secondary">{t('inbox.unassigned')}</Typography.Text>,
    },
    {
      title: t('inbox.delegations.sentAt'),
      key: 'sentAt',
      width: 170,
      render: (_, r) => (r.sentAt ? formatDateTime(r.sentAt) : <Typography.Text type="secondary">{t('inbox.delegations.notSent')}</Typography.Text>),
    },
    ...(a.canDelegate
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 250,
            render: (_: unknown, r: Assignment) => (
              <Flex gap={4} wrap>
                {!CLOSED.includes(r.status) && (
                  <>
                    <Button size="small" onClick={() => setEditing({ child: r, action: 'reschedule' })}>
                      {t('inbox.delegations.reschedule')}
                    </Button>
                    <Button size="small" danger onClick={() => setEditing({ child: r, action: 'withdraw' })}>
                      {t('inbox.delegations.withdraw')}
                    </Button>
                  </>
                )}
                <ReviewActions assignmentId={r.id} unitName={r.unitName} status={r.status} />
              </Flex>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card title={t('inbox.delegations.title')} extra={<AggregateButton a={a} />} data-testid="delegations">
      <Table<Assignment>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={a.delegations}
        pagination={false}
        locale={{ emptyText: t('inbox.delegations.empty') }}
      />
      {editing?.action === 'reschedule' && <RescheduleModal parent={a} child={editing.child} onClose={() => setEditing(null)} />}
      {editing?.action === 'withdraw' && <WithdrawModal child={editing.child} onClose={() => setEditing(null)} />}
    </Card>
  );
}
