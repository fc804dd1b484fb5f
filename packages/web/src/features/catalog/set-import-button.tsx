import { UploadOutlined } from '@ant-design/icons';
import { INDICATOR_FILE_COLUMNS, type FileFormat, type IndicatorImportResult } from '@baocao/core';
import { Alert, Button, Flex, Modal, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/problem';
import { useImportIndicators } from './api';

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

function formatOf(name: string): FileFormat | null {
  const ext = name.toLowerCase().split('.').pop();
  return ext === 'csv' || ext === 'xlsx' ? ext : null;
}

/** Uploads a CSV/XLSX of indicators into a draft set; the server takes all rows or none and names each wrong cell. */
export function SetImportButton({ setId }: { setId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<IndicatorImportResult | null>(null);
  const importIndicators = useImportIndicators();
  const format = file ? formatOf(file.name) : null;

  const close = () => {
    setOpen(false);
    setFile(null);
    setResult(null);
    importIndicators.reset();
  };

  const run = async () => {
    if (!file || !format) return;
    importIndicators.mutate({ id: setId, format, contentBase64: await readBase64(file) }, { onSuccess: setResult });
  };

  const rowErrors = importIndicators.error instanceof ApiError ? (importIndicators.error.problem.errors ?? []) : [];
  const newRefs = result ? [...result.newUnitsOfMeasure, ...result.newFieldGroups] : [];

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)}>
        {t('catalog.import')}
      </Button>
      <Modal
        open={open}
        title={t('catalog.importTitle')}
        onCancel={close}
        width={760}
        destroyOnHidden
        footer={[
          <Button key="close" onClick={close}>
            {t('common.close')}
          </Button>,
          !result && (
            <Button key="run" type="primary" disabled={!format} loading={importIndicators.isPending} onClick={() => void run()}>
              {t('catalog.importRun')}
            </Button>
          ),
        ]}
      >
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('catalog.importHint', { columns: INDICATOR_FILE_COLUMNS.map((c) => c.header).join('; ') })}
          </Typography.Paragraph>
          <Upload
            accept=".csv,.xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setResult(null);
              importIndicators.reset();
              return false; // read locally and sent as JSON, never a multipart upload
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'file', name: file.name, status: format ? 'done' : 'error' }] : []}
          >
            <Button icon={<UploadOutlined />}>{t('catalog.importPick')}</Button>
          </Upload>
          {file && !format && <Alert type="warning" showIcon title={t('catalog.importBadFile')} />}
          {result && (
            <Alert
              type="success"
              showIcon
              title={t('catalog.importDone', result)}
              description={newRefs.length ? t('catalog.importNewRefs', { names: newRefs.join(', ') }) : undefined}
            />
          )}
          {importIndicators.isError && (
            <Alert type="error" showIcon title={rowErrors.length ? t('catalog.importErrors') : errorMessage(importIndicators.error)} />
          )}
          {rowErrors.length > 0 && (
            <Table
              size="small"
              rowKey={(r) => `${r.path}|${r.message}`}
              dataSource={rowErrors}
              pagination={rowErrors.length > 10 ? { pageSize: 10 } : false}
              columns={[
                { title: t('catalog.row'), dataIndex: 'path', width: 260 },
                { title: t('catalog.error'), dataIndex: 'message' },
              ]}
            />
          )}
        </Flex>
      </Modal>
    </>
  );
}
