import type { Assignment, AssignmentDetail } from '@baocao/core';
import { Alert, App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { errorMessage } from '../../shared/api/problem';
import { useRescheduleDelegation, useWithdrawDelegation } from './api';
import { formatDay, fromDay, lastInternalDay, outsideRange, serverToday, toDay } from './dates';
import { useDueRules } from './due-rules';

type Props = { parent: AssignmentDetail; child: Assignment; onClose: () => void };

/** Changes a delegation's internal deadline, within the parent's own. */
export function RescheduleModal({ parent, child, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ dueOn: Dayjs }>();
  const reschedule = useRescheduleDelegation();
  const { user } = useSession();
  const today = serverToday(parent, user.id);
  const dueRules = useDueRules(today, parent.dueOn, true);

  const submit = ({ dueOn }: { dueOn: Dayjs }) =>
    reschedule.mutate(
      { childId: child.id, dueOn: toDay(dueOn) },
      {
        onSuccess: () => {
          void message.success(t('inbox.delegations.rescheduled'));
          onClose();
        },
      },
    );

  return (
    <Modal
      open
      title={t('inbox.delegations.rescheduleTitle', { unit: child.unitName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: reschedule.isPending }}
      destroyOnHidden
    >
      <Form form={form} name="reschedule" layout="vertical" onFinish={submit} initialValues={{ dueOn: fromDay(child.dueOn) }} requiredMark={false}>
        <Form.Item name="dueOn" label={t('inbox.delegations.dueOn')} rules={dueRules} extra={t('inbox.delegate.dueHint', { date: formatDay(parent.dueOn) })}>
          <DatePicker format="DD/MM/YYYY" placeholder={t('inbox.pickDate')} disabledDate={outsideRange(today, lastInternalDay(parent.dueOn))} style={{ width: 200 }} />
        </Form.Item>
      </Form>
      {reschedule.isError && <Alert type="error" showIcon title={errorMessage(reschedule.error)} />}
    </Modal>
  );
}

/** Takes a delegation back, with the reason the unit will see; a confirmation with a required reason. */
export function WithdrawModal({ child, onClose }: Omit<Props, 'parent'>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const withdraw = useWithdrawDelegation();

  const submit = ({ reason }: { reason: string }) =>
    withdraw.mutate(
      { childId: child.id, reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(t('inbox.delegations.withdrawn'));
          onClose();
        },
      },
    );

  return (
    <Modal
      open
      title={t('inbox.delegations.withdrawTitle', { unit: child.unitName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('inbox.delegations.withdraw')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: withdraw.isPending }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('inbox.delegations.withdrawHint')}</Typography.Paragraph>
      <Form form={form} name="withdraw" layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="reason" label={t('inbox.delegations.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input.TextArea rows={3} maxLength={1000} autoFocus />
        </Form.Item>
      </Form>
      {withdraw.isError && <Alert type="error" showIcon title={errorMessage(withdraw.error)} />}
    </Modal>
  );
}
