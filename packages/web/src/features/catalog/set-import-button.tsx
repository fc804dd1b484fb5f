import { UploadOutlined } from '@ant-design/icons';
import { INDICATOR_FILE_COLUMNS, type FileFormat, type IndicatorImportResult } from '@baocao/core';
import { Alert, Button, Flex, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useImportIndicators } from './api';
import { fileFormatOf, ImportErrors, readFileBase64 } from '../../shared/ui/file-import';

const FILE_FORMATS: readonly FileFormat[] = ['csv', 'xlsx'];

/** Uploads a CSV/XLSX of indicators into a draft set; the server takes all rows or none and names each wrong cell. */
export function SetImportButton({ setId }: { setId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<IndicatorImportResult | null>(null);
  const importIndicators = useImportIndicators();
  const format = file ? fileFormatOf(file.name, FILE_FORMATS) : null;

  const close = () => {
    setOpen(false);
    setFile(null);
    setResult(null);
    importIndicators.reset();
  };

  const run = async () => {
    if (!file || !format) return;
    importIndicators.mutate({ id: setId, format, contentBase64: await readFileBase64(file) }, { onSuccess: setResult });
  };

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
          <ImportErrors error={importIndicators.error} title={t('catalog.importErrors')} pathTitle={t('catalog.row')} messageTitle={t('catalog.error')} pathWidth={260} />
        </Flex>
      </Modal>
    </>
  );
}
