import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { UNIT_FILE_COLUMNS, type FileFormat, type UnitImportResult } from '@baocao/core';
import { Alert, Button, Dropdown, Flex, Modal, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/problem';
import { unitExportUrl, useImportUnits } from './api';

/** Downloads the units under `rootId` (or the whole scope) as CSV or XLSX, through plain links. */
export function UnitExportButton({ rootId }: { rootId?: string }) {
  const { t } = useTranslation();
  const items = (['xlsx', 'csv'] as const).map((format: FileFormat) => ({
    key: format,
    label: (
      <a href={unitExportUrl(format, rootId)} download>
        {t(format === 'csv' ? 'units.exportCsv' : 'units.exportXlsx')}
      </a>
    ),
  }));
  return (
    <Dropdown menu={{ items }} trigger={['click']}>
      <Button icon={<DownloadOutlined />}>{t('units.export')}</Button>
    </Dropdown>
  );
}

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

/** Uploads a CSV/XLSX file of units; the server takes all rows or none and says which rows are wrong. */
export function UnitImportButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [badFile, setBadFile] = useState(false);
  const [result, setResult] = useState<UnitImportResult | null>(null);
  const importUnits = useImportUnits();

  const close = () => {
    setOpen(false);
    setFile(null);
    setResult(null);
    setBadFile(false);
    importUnits.reset();
  };

  const run = async () => {
    const format = file && formatOf(file.name);
    if (!file || !format) return;
    importUnits.mutate({ format, contentBase64: await readBase64(file) }, { onSuccess: setResult });
  };

  const rowErrors = importUnits.error instanceof ApiError ? (importUnits.error.problem.errors ?? []) : [];

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)}>
        {t('units.import')}
      </Button>
      <Modal
        open={open}
        title={t('units.importTitle')}
        onCancel={close}
        width={640}
        destroyOnHidden
        footer={[
          <Button key="close" onClick={close}>
            {t('common.close')}
          </Button>,
          !result && (
            <Button key="run" type="primary" disabled={!file || badFile} loading={importUnits.isPending} onClick={() => void run()}>
              {t('units.importRun')}
            </Button>
          ),
        ]}
      >
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('units.importHint', { columns: UNIT_FILE_COLUMNS.join(', ') })}
          </Typography.Paragraph>
          <Upload
            accept=".csv,.xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setBadFile(formatOf(f.name) === null);
              setResult(null);
              importUnits.reset();
              return false; // read locally and send as JSON, never a multipart upload
            }}
            onRemove={() => {
              setFile(null);
              setBadFile(false);
            }}
            fileList={file ? [{ uid: 'file', name: file.name, status: badFile ? 'error' : 'done' }] : []}
          >
            <Button icon={<UploadOutlined />}>{t('units.importPick')}</Button>
          </Upload>
          {badFile && <Alert type="warning" showIcon title={t('units.importBadFile')} />}
          {result && <Alert type="success" showIcon title={t('units.importDone', result)} />}
          {importUnits.isError && (
            <Alert type="error" showIcon title={rowErrors.length ? t('units.importErrors') : errorMessage(importUnits.error)} />
          )}
          {rowErrors.length > 0 && (
            <Table
              size="small"
              rowKey={(r) => `${r.path}|${r.message}`}
              dataSource={rowErrors}
              pagination={rowErrors.length > 10 ? { pageSize: 10 } : false}
              columns={[
                { title: t('units.row'), dataIndex: 'path', width: 140 },
                { title: t('units.error'), dataIndex: 'message' },
              ]}
            />
          )}
        </Flex>
      </Modal>
    </>
  );
}
