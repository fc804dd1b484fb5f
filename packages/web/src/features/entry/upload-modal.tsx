import { UploadOutlined } from '@ant-design/icons';
import type { FormState } from '@baocao/core';
import { Alert, App, Button, Form, Input, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileFormatOf, ImportErrors, readFileBase64 } from '../../shared/ui/file-import';
import { useUploadForm } from './api';

const FORMATS = ['xlsx', 'csv'] as const;

type Props = {
  form: FormState;
  open: boolean;
  /** Past the due date: the server then requires a reason, recorded with the report. */
  late: boolean;
  onClose: () => void;
  /** Saves pending typing first, so the upload starts from the current version. */
  flush: () => Promise<FormState | null>;
};

/** Takes figures from an offline-filled workbook (from "Tải mẫu Excel") or CSV: all cells or none. */
export function UploadModal({ form, open, late, onClose, flush }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadForm(form.assignmentId);
  const [file, setFile] = useState<File | null>(null);
  const [lateReason, setLateReason] = useState('');
  const format = file ? fileFormatOf(file.name, FORMATS) : null;

  const close = () => {
    setFile(null);
    setLateReason('');
    upload.reset();
    onClose();
  };

  const run = async () => {
    if (!file || !format) return;
    const current = await flush();
    if (!current) return;
    const contentBase64 = await readFileBase64(file);
    upload.mutate(
      { format, contentBase64, version: current.version, ...(late && lateReason.trim() ? { lateReason: lateReason.trim() } : {}) },
      {
        onSuccess: () => {
          void message.success(t('entry.uploadDialog.done'));
          close();
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('entry.uploadDialog.title')}
      onCancel={close}
      onOk={() => void run()}
      okText={t('entry.uploadDialog.run')}
      okButtonProps={{ disabled: !format || (late && !lateReason.trim()), loading: upload.isPending }}
      cancelText={t('common.cancel')}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('entry.uploadDialog.hint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item>
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              upload.reset();
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button icon={<UploadOutlined />}>{t('entry.uploadDialog.choose')}</Button>
          </Upload>
        </Form.Item>
        {file && !format && <Alert type="error" showIcon title={t('entry.uploadDialog.badFile')} style={{ marginBottom: 12 }} />}
        {late && (
          <Form.Item label={t('entry.uploadDialog.lateReason')} extra={t('entry.uploadDialog.lateReasonHint')} htmlFor="entry-late-reason" required>
            <Input.TextArea id="entry-late-reason" maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} value={lateReason} onChange={(e) => setLateReason(e.target.value)} />
          </Form.Item>
        )}
      </Form>
      <ImportErrors error={upload.error} title={t('entry.uploadDialog.errors')} pathTitle={t('entry.uploadDialog.where')} messageTitle={t('entry.uploadDialog.message')} pathWidth={140} />
    </Modal>
  );
}
