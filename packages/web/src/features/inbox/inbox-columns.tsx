import type { InboxItem } from '@baocao/core';
import { Flex, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { AssignmentStatusTag, TimeLeftText } from './assignment-status';
import { dueFor, formatDay } from './dates';

/** Where a row leads: a report waiting for the leader's signature opens the signing page. */
export function itemPath(item: Pick<InboxItem, 'id' | 'categories'>): string {
  return item.categories.includes('to_sign') ? `/viec-cua-toi/${item.id}/ky-so` : `/viec-cua-toi/${item.id}`;
}

/** The inbox table's columns; the reporting unit only when the user works for several. */
export function useInboxColumns(severalUnits: boolean): TableColumnsType<InboxItem> {
  const { t } = useTranslation();
  const { user } = useSession();
  return [
    {
      title: t('inbox.due'),
      key: 'due',
      width: 210,
      // The date that binds this person (theirs when the work is theirs by name), as `timeLeft` counts it.
      render: (_, r) => (
        <Flex vertical>
          <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>{formatDay(dueFor(r, user.id))}</Typography.Text>
          <TimeLeftText assignment={r} />
          {dueFor(r, user.id) !== r.dueOn && <Typography.Text type="secondary">{t('inbox.unitDue', { date: formatDay(r.dueOn) })}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t('inbox.report'),
      key: 'report',
      render: (_, r) => (
        <Flex vertical gap={2}>
          <Link to={itemPath(r)} onClick={(e) => e.stopPropagation()}>
            {r.template.code} — {r.template.name}
          </Link>
          <Typography.Text type="secondary">{r.regimeName}</Typography.Text>
          <Flex gap={4} wrap>
            {/* An ad hoc request's only round is already labelled "Báo cáo đột xuất". */}
            {r.regimeKind !== 'ad_hoc' && <Tag>{t(`templates.regime.${r.regimeKind}`)}</Tag>}
            <Tag color="blue">{r.roundLabel}</Tag>
          </Flex>
        </Flex>
      ),
    },
    {
      title: t('inbox.requestingUnit'),
      key: 'requesting',
      width: 220,
      // On a phone the row keeps the due date, the report and its status.
      responsive: ['md'],
      render: (_, r) => (
        <Flex vertical>
          {r.requestingUnitName}
          {r.parentUnitName && r.parentUnitName !== r.requestingUnitName && (
            <Typography.Text type="secondary">{t('inbox.delegatedBy', { unit: r.parentUnitName })}</Typography.Text>
          )}
        </Flex>
      ),
    },
    ...(severalUnits ? [{ title: t('inbox.myUnit'), key: 'unit', dataIndex: 'unitName', width: 200, responsive: ['md' as const] }] : []),
    {
      title: t('common.status'),
      key: 'status',
      width: 170,
      render: (_, r) => (
        <Flex vertical gap={4} align="start">
          <AssignmentStatusTag status={r.status} />
          {r.delegatedCount > 0 && <Typography.Text type="secondary">{t('inbox.delegatedCount', { count: r.delegatedCount })}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t('inbox.assignee'),
      key: 'assignee',
      width: 180,
      responsive: ['md'],
      render: (_, r) =>
        r.assigneeName ? (
          <Flex vertical>
            {r.assigneeName}
            {r.assigneeDueOn && <Typography.Text type="secondary">{t('inbox.assigneeDue', { date: formatDay(r.assigneeDueOn) })}</Typography.Text>}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('inbox.unassigned')}</Typography.Text>
        ),
    },
  ];
}
