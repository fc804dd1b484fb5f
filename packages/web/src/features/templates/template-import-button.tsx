import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { ApiError } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/problem';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { useImportTemplate } from './api';
import { fileFormatOf, readFileBase64 } from '../../shared/ui/file-import';

const FILE_FORMATS = ['json', 'xlsx'] as const;

/** Uploads a template file (JSON export or XLSX sheet); the new draft opens in the designer. */
export function TemplateImportButton() {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [code, setCode] = useState('');
  const [unitId, setUnitId] = useState<string | undefined>(user.unitId);
  const importTemplate = useImportTemplate();
  const format = file ? fileFormatOf(file.name, FILE_FORMATS) : null;

  const close = () => {
    setOpen(false);
    setFile(null);
    setCode('');
    importTemplate.reset();
  };

  const run = async () => {
    if (!file || !format || !unitId) return;
    const contentBase64 = await readFileBase64(file);
    importTemplate.mutate(
      { format, contentBase64, requestingUnitId: unitId, ...(code.trim() ? { code: code.trim() } : {}) },
      { onSuccess: (created) => void navigate(`/bieu-mau/${created.id}`) },
    );
  };

  const details = importTemplate.error instanceof ApiError ? (importTemplate.error.problem.errors ?? []) : [];

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)}>
        {t('templates.import')}
      </Button>
      <Modal
        open={open}
        title={t('templates.importTitle')}
        onCancel={close}
        onOk={() => void run()}
        okText={t('templates.importRun')}
        okButtonProps={{ disabled: !format || !unitId, loading: importTemplate.isPending }}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('templates.importHint')}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item>
            <Upload
              accept=".json,.xlsx"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                importTemplate.reset();
                return false;
              }}
              onRemove={() => setFile(null)}
            >
              <Button icon={<UploadOutlined />}>{t('templates.chooseFile')}</Button>
            </Upload>
          </Form.Item>
          {file && !format && <Alert type="error" showIcon title={t('templates.importBadFile')} style={{ marginBottom: 12 }} />}
          <Form.Item label={t('templates.requestingUnit')} htmlFor="template-import-unit">
            <UnitTreeSelect id="template-import-unit" value={unitId} onChange={setUnitId} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label={t('templates.importCode')} htmlFor="template-import-code">
            <Input id="template-import-code" value={code} onChange={(e) => setCode(e.target.value)} maxLength={40} />
          </Form.Item>
        </Form>
        {importTemplate.isError && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(importTemplate.error)}
            description={details.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{details.slice(0, 20).map((d, i) => <li key={i}>{`${d.path}: ${d.message}`}</li>)}</ul> : undefined}
          />
        )}
      </Modal>
    </>
  );
}
