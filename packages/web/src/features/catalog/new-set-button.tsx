import { PlusOutlined } from '@ant-design/icons';
import type { CreateIndicatorSetInput } from '@baocao/core';
import { App, Alert, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { errorMessage, showFieldErrors } from '../../shared/api/problem';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { useCreateIndicatorSet } from './api';

type Values = { code: string; name: string; legalBasis?: string; description?: string; ownerUnitId?: string };

/** Creates a set as version 1, draft; the city's shared library (no owner) is for system administrators. */
export function NewSetButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const create = useCreateIndicatorSet();
  const isSystemAdmin = user.role === 'system_admin';

  const close = () => {
    setOpen(false);
    create.reset();
  };

  const submit = (values: Values) => {
    const input: CreateIndicatorSetInput = {
      code: values.code.trim(),
      name: values.name.trim(),
      legalBasis: values.legalBasis?.trim() ?? '',
      description: values.description?.trim() ?? '',
      ownerUnitId: values.ownerUnitId ?? null,
    };
    create.mutate(input, {
      onSuccess: (created) => {
        void message.success(t('catalog.setCreated'));
        close();
        void navigate(`/chi-tieu/${created.id}`);
      },
      onError: (error) => showFieldErrors(form, error),
    });
  };

  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        {t('catalog.newSet')}
      </Button>
      <Modal
        open={open}
        title={t('catalog.newSetTitle')}
        onCancel={close}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: create.isPending }}
        width={620}
        destroyOnHidden
      >
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          preserve={false}
          initialValues={{ ownerUnitId: isSystemAdmin ? undefined : user.unitId }}
        >
          <Form.Item name="code" label={t('catalog.setCode')} rules={[{ required: true, message: t('validation.required') }, { max: 40 }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="name" label={t('catalog.setName')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="legalBasis" label={t('catalog.legalBasis')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="description" label={t('catalog.description')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="ownerUnitId" label={t('catalog.owner')} extra={isSystemAdmin ? t('catalog.ownerHint') : undefined} htmlFor="catalog-set-owner">
            <UnitTreeSelect id="catalog-set-owner" allowClear={isSystemAdmin} placeholder={t('catalog.sharedLibrary')} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
        {create.isError && <Alert type="error" showIcon title={errorMessage(create.error)} />}
      </Modal>
    </>
  );
}
