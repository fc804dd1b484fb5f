import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { previewUrl } from './api';

/** The preview of one submitted version (`key`): a stale one counts as still loading. */
type Preview = { key: string; url: string | null; failed: boolean };

/**
 * The unsigned PDF of the version to sign, fetched with the session cookie into a blob URL (an iframe
 * on the API URL would show a login problem as a page). Phones rarely show a PDF inside a page: the
 * "Mở bản PDF" button opens it in the browser's own viewer.
 */
export function PdfPreview({ assignmentId, version }: { assignmentId: string; version: number }) {
  const { t } = useTranslation();
  const key = `${assignmentId}/${version}`;
  const [loaded, setLoaded] = useState<Preview>({ key: '', url: null, failed: false });
  const preview = loaded.key === key ? loaded : { key, url: null, failed: false };

  useEffect(() => {
    const controller = new AbortController();
    let url: string | null = null;
    fetch(previewUrl(assignmentId, 'pdf'), { credentials: 'same-origin', signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        url = URL.createObjectURL(await response.blob());
        setLoaded({ key, url, failed: false });
      })
      .catch(() => {
        if (!controller.signal.aborted) setLoaded({ key, url: null, failed: true });
      });
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
    // A new submitted version is a new document.
  }, [assignmentId, version, key]);

  const links = (
    <Flex gap={8} wrap style={{ padding: 12, borderBottom: '1px solid #f0f0f0' }}>
      <Button icon={<FilePdfOutlined />} href={previewUrl(assignmentId, 'pdf')} target="_blank" rel="noreferrer">
        {t('signing.page.openPdf')}
      </Button>
      <Button icon={<FileWordOutlined />} href={previewUrl(assignmentId, 'docx')} download="">
        {t('signing.page.downloadDocx')}
      </Button>
    </Flex>
  );

  return (
    <Card title={t('signing.page.preview')} styles={{ body: { padding: 0 } }}>
      {links}
      {preview.failed ? (
        <Alert type="error" showIcon title={t('signing.page.previewFailed')} style={{ margin: 16 }} />
      ) : !preview.url ? (
        <Flex vertical align="center" gap={8} style={{ padding: 48 }}>
          <Spin />
          <Typography.Text type="secondary">{t('signing.page.previewLoading')}</Typography.Text>
        </Flex>
      ) : (
        <object data={preview.url} type="application/pdf" aria-label={t('signing.page.preview')} data-testid="pdf-preview" style={{ display: 'block', width: '100%', height: 'min(80vh, 1000px)', minHeight: 420, border: 0 }}>
          <Flex vertical gap={12} style={{ padding: 16 }}>
            <Typography.Text type="secondary">{t('signing.page.previewFallback')}</Typography.Text>
          </Flex>
        </object>
      )}
    </Card>
  );
}
