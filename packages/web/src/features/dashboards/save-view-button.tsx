import { SaveOutlined } from '@ant-design/icons';
import type { SeriesQuery } from '@baocao/core';
import { App, Button, Checkbox, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorMessage, showFieldErrors } from '../../shared/api/problem';
import { useCreateView } from './api';

type Values = { name: string; pin: boolean; share: boolean };

/**
 * "Lưu góc nhìn" on the exploration page: keeps the question under a name (with the page's address, so
 * it reopens as built), optionally pinned to the overview page and shared with the user's unit.
 */
export function SaveViewButton({ query, defaultName }: { query: SeriesQuery; defaultName?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const create = useCreateView();

  const submit = async (values: Values) => {
    try {
      const view = await create.mutateAsync({ name: values.name, kind: values.pin ? 'dashboard' : 'analytics', sharedWithUnit: values.share, query, pageQuery: params.toString() });
      void message.success(t('dashboards.save.done', { name: view.name }));
      setOpen(false);
    } catch (error) {
      if (!showFieldErrors(form, error)) form.setFields([{ name: 'name', errors: [errorMessage(error)] }]);
    }
  };

  return (
    <>
      <Button
        icon={<SaveOutlined />}
        onClick={() => setOpen(true)}
      >
        {t('dashboards.save.button')}
      </Button>
      <Modal
        open={open}
        title={t('dashboards.save.title')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} preserve={false} initialValues={{ name: (defaultName ?? '').slice(0, 200), pin: true, share: false }}>
          <Form.Item name="name" label={t('dashboards.save.name')} rules={[{ required: true, whitespace: true, message: t('dashboards.save.nameRequired') }, { max: 200 }]}>
            <Input placeholder={t('dashboards.save.namePlaceholder')} autoFocus />
          </Form.Item>
          <Form.Item name="pin" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{t('dashboards.save.pin')}</Checkbox>
          </Form.Item>
          <Form.Item name="share" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox>{t('dashboards.save.share')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
