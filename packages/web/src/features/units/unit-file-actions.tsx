import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { UNIT_FILE_COLUMNS, type FileFormat, type UnitImportResult } from '@baocao/core';
import { Alert, Button, Dropdown, Flex, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unitExportUrl, useImportUnits } from './api';
import { fileFormatOf, ImportErrors, readFileBase64 } from '../../shared/ui/file-import';

const FILE_FORMATS: readonly FileFormat[] = ['csv', 'xlsx'];

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
    const format = file && fileFormatOf(file.name, FILE_FORMATS);
    if (!file || !format) return;
    importUnits.mutate({ format, contentBase64: await readFileBase64(file) }, { onSuccess: setResult });
  };


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
              setBadFile(fileFormatOf(f.name, FILE_FORMATS) === null);
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
          <ImportErrors error={importUnits.error} title={t('units.importErrors')} pathTitle={t('units.row')} messageTitle={t('units.error')} pathWidth={140} />
        </Flex>
      </Modal>
    </>
  );
}
