import type { Assignment, AssignmentStatus } from '@baocao/core';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<AssignmentStatus, string> = {
  open: 'default',
  draft: 'processing',
  awaiting_signature: 'gold',
  signed: 'cyan',
  sent: 'green',
  accepted: 'green',
  returned: 'volcano',
  correction_requested: 'purple',
  withdrawn: 'default',
};

/** Where the unit's report stands: Chưa thực hiện, Đang nhập liệu, Đã gửi, Đã thu hồi… */
export function AssignmentStatusTag({ status }: { status: AssignmentStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]}>{t(`inbox.status.${status}`)}</Tag>;
}

/** Statuses in which the unit is done with the work, or no longer has it: no countdown then. */
const SETTLED: readonly AssignmentStatus[] = ['sent', 'accepted', 'withdrawn'];

/**
 * The time left in words, coloured by urgency: red when overdue, orange on the last day and in the
 * last two working days, grey otherwise.
 */
export function TimeLeftText({ assignment }: { assignment: Pick<Assignment, 'timeLeft' | 'status'> }) {
  const { t } = useTranslation();
  const { days, workingDays, overdue } = assignment.timeLeft;
  if (SETTLED.includes(assignment.status)) return null;
  if (overdue) return <Typography.Text type="danger" strong>{t('inbox.left.overdue', { count: -days })}</Typography.Text>;
  if (days === 0) return <Typography.Text type="warning" strong>{t('inbox.left.today')}</Typography.Text>;
  const text = workingDays > 0 ? t('inbox.left.workingDays', { count: workingDays }) : t('inbox.left.days', { count: days });
  return <Typography.Text type={workingDays <= 2 ? 'warning' : 'secondary'}>{text}</Typography.Text>;
}
