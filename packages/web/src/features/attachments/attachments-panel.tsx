import { DeleteOutlined, InboxOutlined, LoadingOutlined, PaperClipOutlined } from '@ant-design/icons';
import type { Attachment } from '@baocao/core';
import { Alert, App, Button, Card, Checkbox, Flex, Popconfirm, Table, Tag, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api/problem';
import { formatDateTime } from '../../shared/format';
import { readFileBase64 } from '../../shared/ui/file-import';
import { attachmentUrl, useAttachments, useRemoveAttachment, useUploadAttachment } from './api';

/** What the server takes (attachments.types.ts); the server checks the bytes, this only filters the picker. */
const ACCEPT = '.pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg';

const DECIMAL = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/** 532 B, 12,5 KB, 3,2 MB: sizes in the Vietnamese way of writing decimals. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${DECIMAL.format(bytes / 1024)} KB`;
  return `${DECIMAL.format(bytes / 1024 / 1024)} MB`;
}

type Refusal = { id: string; name: string; message: string };

/**
 * "Tệp đính kèm" of a report (R35): the list with download links for anyone who reads the report; on an
 * editable report also the drop zone, opened only once the user confirms the files hold no state secret
 * (R34), and a remove button. A refused file (malware, type, size) stays on screen with the server's reason.
 */
export function AttachmentsPanel({ assignmentId, editable }: { assignmentId: string; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useAttachments(assignmentId);
  const upload = useUploadAttachment(assignmentId);
  const remove = useRemoveAttachment(assignmentId);
  const [confirmed, setConfirmed] = useState(false);
  const uploads = useRef(0);
  const [pending, setPending] = useState<{ id: string; name: string }[]>([]);
  const [refusals, setRefusals] = useState<Refusal[]>([]);

  const send = async (file: File) => {
    // A counter, not crypto.randomUUID(): that needs HTTPS, and an intranet install may serve plain HTTP.
    const id = String(++uploads.current);
    setPending((p) => [...p, { id, name: file.name }]);
    try {
      const contentBase64 = await readFileBase64(file);
      await upload.mutateAsync({ name: file.name, contentBase64, classification: 'none' });
      void message.success(t('attachments.added', { name: file.name }));
    } catch (error) {
      setRefusals((r) => [...r, { id, name: file.name, message: errorMessage(error) }]);
    } finally {
      setPending((p) => p.filter((x) => x.id !== id));
    }
  };

  const onRemove = (a: Attachment) =>
    remove.mutate(a.id, {
      onSuccess: () => void message.success(t('attachments.removed', { name: a.name })),
      onError: (e) => void message.error(errorMessage(e)),
    });

  const files = list.data ?? [];
  return (
    <Card
      data-testid="attachments-panel"
      title={
        <Flex gap={8} align="center">
          <PaperClipOutlined />
          <span>{t('attachments.title')}</span>
          {files.length > 0 && <Tag>{t('attachments.count', { count: files.length })}</Tag>}
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
        <Table<Attachment>
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={files}
          pagination={false}
          locale={{ emptyText: t('attachments.none') }}
          columns={[
            {
              title: t('attachments.name'),
              dataIndex: 'name',
              render: (name: string, a) => (
                <a href={attachmentUrl(assignmentId, a.id)} download={name} aria-label={t('attachments.download', { name })}>
                  {name}
                </a>
              ),
            },
            { title: t('attachments.size'), dataIndex: 'sizeBytes', width: 110, align: 'right', render: (n: number) => formatSize(n) },
            { title: t('attachments.uploadedBy'), dataIndex: 'uploadedByName', width: 200 },
            { title: t('attachments.uploadedAt'), dataIndex: 'uploadedAt', width: 190, render: (at: string) => formatDateTime(at) },
            {
              title: t('attachments.scan'),
              dataIndex: 'scanVerdict',
              width: 170,
              render: (v: Attachment['scanVerdict']) => <Tag color={v === 'clean' ? 'green' : 'orange'}>{t(`attachments.verdict.${v}`)}</Tag>,
            },
            ...(editable
              ? [
                  {
                    key: 'remove',
                    width: 90,
                    render: (_: unknown, a: Attachment) => (
                      <Popconfirm title={t('attachments.removeConfirm', { name: a.name })} okText={t('attachments.remove')} cancelText={t('common.cancel')} onConfirm={() => onRemove(a)}>
                        <Button size="small" danger icon={<DeleteOutlined />} loading={remove.isPending && remove.variables === a.id}>
                          {t('attachments.remove')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {refusals.map((r) => (
          <Alert
            key={r.id}
            type="error"
            showIcon
            data-testid="attachment-refused"
            title={t('attachments.refused', { name: r.name })}
            description={r.message}
            closable={{ onClose: () => setRefusals((all) => all.filter((x) => x.id !== r.id)) }}
          />
        ))}
        {pending.map(({ id, name }) => (
          <Typography.Text key={id} type="secondary">
            <LoadingOutlined /> {t('attachments.scanning', { name })}
          </Typography.Text>
        ))}
        {editable && (
          <>
            <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)}>
              {t('attachments.confirmSecret')}
            </Checkbox>
            <Upload.Dragger
              accept={ACCEPT}
              multiple
              disabled={!confirmed}
              showUploadList={false}
              beforeUpload={(file) => {
                void send(file);
                return Upload.LIST_IGNORE;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{confirmed ? t('attachments.drop') : t('attachments.confirmFirst')}</p>
              <p className="ant-upload-hint">{t('attachments.hint')}</p>
            </Upload.Dragger>
          </>
        )}
      </Flex>
    </Card>
  );
}
