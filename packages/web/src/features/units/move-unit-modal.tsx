import { MoveUnitInput, type Unit } from '@baocao/core';
import { Alert, Form, Modal, App as AntApp } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api/problem';
import { useMoveUnit } from './api';
import { UnitTreeSelect } from './unit-tree-select';

/** Moves a unit under another parent; the unit itself and its subtree cannot be picked (the server refuses cycles too). */
export function MoveUnitModal({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ parentId: string }>();
  const move = useMoveUnit();

  const submit = ({ parentId }: { parentId: string }) => {
    const input = MoveUnitInput.parse({ parentId });
    move.mutate(
      { id: unit.id, ...input },
      {
        onSuccess: () => {
          void message.success(t('units.moved'));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t('units.moveTitle', { name: unit.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={move.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ parentId: unit.parentId ?? undefined }} onFinish={submit} style={{ marginTop: 16 }}>
        {move.isError && <Alert type="error" showIcon title={errorMessage(move.error)} style={{ marginBottom: 16 }} />}
        <Form.Item name="parentId" label={t('units.newParent')} rules={[{ required: true, message: t('validation.required') }]}>
          <UnitTreeSelect exclude={unit.id} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
