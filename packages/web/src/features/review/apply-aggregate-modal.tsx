import type { AggregateView } from '@baocao/core';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../shared/api/problem';
import { useApplyAggregate } from './api';

type Props = { assignmentId: string; version: number; view: AggregateView; onClose: () => void };

/**
 * Takes the aggregate into the unit's own report as its draft, then opens the entry page. With units
 * still missing it needs a note saying why the unit goes ahead without them (or the user waits).
 */
export function ApplyAggregateModal({ assignmentId, version, view, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ note: string }>();
  const apply = useApplyAggregate(assignmentId);
  const missing = view.missing.length > 0;

  const submit = ({ note }: { note?: string }) =>
    apply.mutate(
      { version, note: (note ?? '').trim() },
      {
        onSuccess: () => {
          void message.success(t('review.apply.done'));
          onClose();
          void navigate(`/viec-cua-toi/${assignmentId}/nhap-lieu`);
        },
      },
    );

  return (
    <Modal
      open
      title={t('review.apply.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('review.apply.ok')}
      cancelText={missing ? t('review.apply.wait') : t('common.cancel')}
      okButtonProps={{ loading: apply.isPending }}
      width={620}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('review.apply.hint')}</Typography.Paragraph>
      {missing && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('review.missingBanner', { count: view.missing.length, units: view.missing.map((m) => m.unitName).join(', ') })}
          description={t('review.apply.missingHint')}
        />
      )}
      <Form form={form} name="apply-aggregate" layout="vertical" onFinish={submit} requiredMark={missing}>
        <Form.Item
          name="note"
          label={missing ? t('review.apply.noteRequired') : t('review.apply.note')}
          rules={missing ? [{ required: true, whitespace: true, message: t('review.apply.noteNeeded') }] : []}
        >
          <Input.TextArea rows={3} maxLength={2000} autoFocus />
        </Form.Item>
      </Form>
      {apply.isError && <Alert type="error" showIcon title={errorMessage(apply.error)} />}
    </Modal>
  );
}
