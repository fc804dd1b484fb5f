import { App, Alert, Descriptions, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useSession } from '../../app/session';
import { getLastRequestId } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/problem';
import { formatDateTime } from '../../shared/format';
import { useReportIncident } from './api';

type Values = { kind: 'incident' | 'help'; subject: string; description: string };

/** "Báo sự cố / yêu cầu hỗ trợ" (R33): what the person writes plus what the page knows, to the operator. */
export function IncidentModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const location = useLocation();
  const report = useReportIncident();
  const [form] = Form.useForm<Values>();
  const pageUrl = `${location.pathname}${location.search}`;
  const requestId = getLastRequestId();

  const submit = (values: Values) =>
    report.mutate({ ...values, pageUrl, requestId }, {
      onSuccess: (r) => {
        void message.success(t('operations.incident.sent', { number: r.number }));
        form.resetFields();
        onClose();
      },
    });

  return (
    <Modal open={open} title={t('operations.incident.title')} okText={t('operations.incident.send')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={report.isPending} destroyOnHidden>
      {report.isError && <Alert type="error" showIcon title={errorMessage(report.error)} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'incident' }} onFinish={submit}>
        <Form.Item name="kind" label={t('operations.incident.kind')}>
          <Radio.Group optionType="button" options={[{ value: 'incident', label: t('operations.incident.kinds.incident') }, { value: 'help', label: t('operations.incident.kinds.help') }]} />
        </Form.Item>
        <Form.Item name="subject" label={t('operations.incident.subject')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input maxLength={200} placeholder={t('operations.incident.subjectHint')} />
        </Form.Item>
        <Form.Item name="description" label={t('operations.incident.description')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input.TextArea rows={4} maxLength={5000} placeholder={t('operations.incident.descriptionHint')} />
        </Form.Item>
      </Form>
      <Descriptions size="small" column={1} title={t('operations.incident.context')}>
        <Descriptions.Item label={t('operations.incident.page')}>{pageUrl}</Descriptions.Item>
        <Descriptions.Item label={t('operations.incident.time')}>{formatDateTime(new Date().toISOString())}</Descriptions.Item>
        <Descriptions.Item label={t('operations.incident.reporter')}>{`${user.fullName} · ${user.unitName}`}</Descriptions.Item>
        <Descriptions.Item label={t('operations.incident.requestId')}>{requestId ?? '—'}</Descriptions.Item>
      </Descriptions>
    </Modal>
  );
}
