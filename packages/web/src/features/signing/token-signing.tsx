import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { ExternalSigningPayload, WorkflowView } from '@baocao/core';
import { Alert, Button, Descriptions, Flex, Form, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api/problem';
import { usePrepareExternal, useUploadExternal } from './api';

/** "Phường Lê Chân" → "phuong-le-chan", for file names. */
function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function saveBase64(base64: string, fileName: string, type: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A signature file as the API takes it: PEM text as is, DER bytes in base64. */
async function readSignature(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const head = new TextDecoder().decode(bytes.slice(0, 16));
  if (head.startsWith('-----BEGIN')) return new TextDecoder().decode(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

type Props = { assignmentId: string; unitName: string; versionNumber: number; onSigned: (view: WorkflowView) => void };

/**
 * Signing with the leader's own token outside the system: step 1 numbers the document and downloads
 * the two byte strings to sign; step 2 uploads the two detached CMS signatures the token made.
 */
export function TokenSigning({ assignmentId, unitName, versionNumber, onSigned }: Props) {
  const { t } = useTranslation();
  const prepare = usePrepareExternal(assignmentId);
  const upload = useUploadExternal(assignmentId, onSigned);
  const [payload, setPayload] = useState<ExternalSigningPayload | null>(null);
  const [files, setFiles] = useState<{ cms?: File; pdfCms?: File }>({});

  const download = () =>
    prepare.mutate(versionNumber, {
      onSuccess: (p) => {
        setPayload(p);
        saveBase64(p.canonical, `${slug(unitName)}-bao-cao.json`, 'application/json');
        saveBase64(p.pdfToBeSigned, `${slug(unitName)}-pdf-can-ky.bin`, 'application/octet-stream');
      },
    });

  const send = async () => {
    if (!payload || !files.cms || !files.pdfCms) return;
    const [cms, pdfCms] = await Promise.all([readSignature(files.cms), readSignature(files.pdfCms)]);
    upload.mutate({ versionNumber: payload.versionNumber, cms, pdfCms });
  };

  const picker = (key: 'cms' | 'pdfCms') => (
    <Upload
      accept=".p7s,.pem,.p7m,.der"
      maxCount={1}
      beforeUpload={(file) => {
        setFiles((f) => ({ ...f, [key]: file }));
        return false;
      }}
      onRemove={() => setFiles((f) => ({ ...f, [key]: undefined }))}
      disabled={!payload}
    >
      <Button icon={<UploadOutlined />} disabled={!payload}>
        {t('signing.token.pick')}
      </Button>
    </Upload>
  );

  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">{t('signing.token.intro')}</Typography.Text>
      <Flex vertical gap={8}>
        <Typography.Text strong>{t('signing.token.step1')}</Typography.Text>
        <div>
          <Button icon={<DownloadOutlined />} loading={prepare.isPending} onClick={download}>
            {t('signing.token.prepare')}
          </Button>
        </div>
        {prepare.isError && <Alert type="error" showIcon title={errorMessage(prepare.error)} />}
        {payload && (
          <>
            <Typography.Text>{t('signing.token.prepared', { number: payload.documentNumber })}</Typography.Text>
            <Descriptions title={t('signing.token.sha256')} column={1} size="small" bordered styles={{ label: { width: 150 } }}>
              <Descriptions.Item label={t('signing.token.dataFile')}>
                <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
                  {payload.canonicalSha256}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('signing.token.pdfFile')}>
                <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
                  {payload.pdfToBeSignedSha256}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </>
        )}
      </Flex>
      <Flex vertical gap={8}>
        <Typography.Text strong>{t('signing.token.step2')}</Typography.Text>
        {!payload && <Typography.Text type="secondary">{t('signing.token.needPrepare')}</Typography.Text>}
        <Form layout="vertical" component="div">
          <Form.Item label={t('signing.token.cmsLabel')}>{picker('cms')}</Form.Item>
          <Form.Item label={t('signing.token.pdfCmsLabel')}>{picker('pdfCms')}</Form.Item>
        </Form>
        <div>
          <Button type="primary" loading={upload.isPending} disabled={!payload || !files.cms || !files.pdfCms} onClick={() => void send()}>
            {t('signing.token.upload')}
          </Button>
        </div>
        {upload.isError && <Alert type="error" showIcon title={errorMessage(upload.error)} />}
      </Flex>
    </Flex>
  );
}
