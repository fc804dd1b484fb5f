import type { CorrectionRequest } from '@baocao/core';
import { Alert, App, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api/problem';
import { useDecideCorrection, useLeaderReturn, useRequestCorrection } from './api';
import { formatMinute } from './signature-parts';

type Props = { assignmentId: string; onClose: () => void };

/** The leader returns the report to the specialist, with the reason they will read on the entry form. */
export function LeaderReturnModal({ assignmentId, onClose, onDone }: Props & { onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const leaderReturn = useLeaderReturn(assignmentId, () => {
    void message.success(t('signing.leaderReturn.done'));
    onClose();
    onDone?.();
  });
  const submit = ({ reason }: { reason: string }) => leaderReturn.mutate(reason.trim());
  return (
    <Modal
      open
      title={t('signing.leaderReturn.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('signing.leaderReturn.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: leaderReturn.isPending }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('signing.leaderReturn.hint')}</Typography.Paragraph>
      <Form form={form} name="leader-return" layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="reason" label={t('signing.leaderReturn.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} autoFocus />
        </Form.Item>
      </Form>
      {leaderReturn.isError && <Alert type="error" showIcon title={errorMessage(leaderReturn.error)} />}
    </Modal>
  );
}

/** The reporting unit asks to correct a report already accepted (R23). */
export function RequestCorrectionModal({ assignmentId, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const request = useRequestCorrection(assignmentId);
  const submit = ({ reason }: { reason: string }) =>
    request.mutate(reason.trim(), {
      onSuccess: () => {
        void message.success(t('signing.corrections.sent'));
        onClose();
      },
    });
  return (
    <Modal
      open
      title={t('signing.corrections.requestTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('signing.corrections.send')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: request.isPending }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('signing.corrections.requestHint')}</Typography.Paragraph>
      <Form form={form} name="request-correction" layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="reason" label={t('signing.corrections.reasonLabel')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} autoFocus />
        </Form.Item>
      </Form>
      {request.isError && <Alert type="error" showIcon title={errorMessage(request.error)} />}
    </Modal>
  );
}

/** The receiving unit approves a correction request, or refuses it with a reason. */
export function DecideCorrectionModal({ assignmentId, unitName, request, onClose }: Props & { unitName: string; request: CorrectionRequest | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const decide = useDecideCorrection(assignmentId);
  // The reason is required to refuse, not to approve: the rule asks which button was pressed.
  const refusing = useRef(false);

  const approve = () => {
    refusing.current = false;
    form.setFields([{ name: 'reason', errors: [] }]);
    decide.mutate(
      { decision: 'approve', reason: (form.getFieldValue('reason') as string | undefined)?.trim() ?? '' },
      {
        onSuccess: () => {
          void message.success(t('signing.corrections.approvedDone'));
          onClose();
        },
      },
    );
  };
  const refuse = async () => {
    refusing.current = true;
    const { reason = '' } = await form.validateFields().catch(() => ({ reason: '' }));
    if (!reason.trim()) return;
    decide.mutate(
      { decision: 'refuse', reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(t('signing.corrections.refusedDone'));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t('signing.corrections.decideTitle', { unit: unitName })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex gap={8} justify="end">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button danger loading={decide.isPending && decide.variables?.decision === 'refuse'} onClick={() => void refuse()}>
            {t('signing.corrections.refuse')}
          </Button>
          <Button type="primary" loading={decide.isPending && decide.variables?.decision === 'approve'} onClick={approve}>
            {t('signing.corrections.approve')}
          </Button>
        </Flex>
      }
    >
      {request && (
        <Flex vertical gap={4} style={{ marginBottom: 16 }}>
          <Typography.Text strong>{t('signing.corrections.reason', { reason: request.reason })}</Typography.Text>
          <Typography.Text type="secondary">{t('signing.corrections.requestedBy', { name: request.requestedByName, time: formatMinute(request.requestedAt) })}</Typography.Text>
        </Flex>
      )}
      <Form form={form} name="decide-correction" layout="vertical" requiredMark={false}>
        <Form.Item
          name="reason"
          label={t('signing.corrections.refuseReason')}
          extra={t('signing.corrections.refuseReasonHint')}
          rules={[{ validator: (_, value?: string) => (refusing.current && !value?.trim() ? Promise.reject(new Error(t('signing.corrections.refuseReasonRequired'))) : Promise.resolve()) }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
      {decide.isError && <Alert type="error" showIcon title={errorMessage(decide.error)} />}
    </Modal>
  );
}
