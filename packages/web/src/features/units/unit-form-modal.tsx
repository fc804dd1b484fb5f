import { CreateUnitInput, UNIT_KINDS, UpdateUnitInput, type Unit, type UnitKind } from '@baocao/core';
import { Alert, Form, Input, Modal, Select, App as AntApp } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage, showFieldErrors } from '../../shared/api/problem';
import { zodRule } from '../../shared/validation';
import { useCreateUnit, useUpdateUnit } from './api';

type Values = { code: string; name: string; kind: UnitKind };

type Props =
  | { mode: 'create'; parent: Unit; onClose: (created?: Unit) => void }
  | { mode: 'edit'; unit: Unit; onClose: (updated?: Unit) => void };

/** Adds a unit under `parent`, or renames / re-kinds `unit` (its code stays: other systems know it by code). */
export function UnitFormModal(props: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateUnit();
  const update = useUpdateUnit();
  const mutation = props.mode === 'create' ? create : update;
  const initial: Partial<Values> =
    props.mode === 'create' ? { kind: props.parent.kind === 'city' ? 'department' : 'division' } : { code: props.unit.code, name: props.unit.name, kind: props.unit.kind };

  const submit = (values: Values) => {
    const onError = (error: unknown) => showFieldErrors(form, error);
    if (props.mode === 'create') {
      const input = CreateUnitInput.parse({ ...values, parentId: props.parent.id });
      create.mutate(input, {
        onSuccess: (unit) => {
          void message.success(t('units.created', { name: unit.name }));
          props.onClose(unit);
        },
        onError,
      });
    } else {
      const input = UpdateUnitInput.parse({ name: values.name, kind: values.kind });
      update.mutate(
        { id: props.unit.id, ...input },
        {
          onSuccess: (unit) => {
            void message.success(t('common.saved'));
            props.onClose(unit);
          },
          onError,
        },
      );
    }
  };

  return (
    <Modal
      open
      title={props.mode === 'create' ? t('units.createTitle', { parent: props.parent.name }) : t('units.editTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={() => props.onClose()}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit} style={{ marginTop: 16 }}>
        {mutation.isError && <Alert type="error" showIcon title={errorMessage(mutation.error)} style={{ marginBottom: 16 }} />}
        <Form.Item name="code" required={props.mode === 'create'} label={t('units.code')} rules={props.mode === 'create' ? [zodRule(CreateUnitInput.shape.code)] : []}>
          <Input disabled={props.mode === 'edit'} autoFocus={props.mode === 'create'} maxLength={32} />
        </Form.Item>
        <Form.Item name="name" required label={t('units.name')} rules={[zodRule(CreateUnitInput.shape.name)]}>
          <Input autoFocus={props.mode === 'edit'} maxLength={255} />
        </Form.Item>
        <Form.Item name="kind" label={t('units.kind')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
