import type { UnitGroup } from '@baocao/core';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { errorMessage, showFieldErrors } from '../../shared/api/problem';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { useCreateUnitGroup, useUpdateUnitGroup } from './api';
import { UnitsPicker } from './units-picker';

type Values = { name: string; ownerUnitId: string; unitIds: string[] };

/** Creates a unit group (`group` null) or changes one's name and members; the owner stays. */
export function UnitGroupModal({ group, onClose }: { group: UnitGroup | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const [form] = Form.useForm<Values>();
  const watchedOwner = Form.useWatch('ownerUnitId', form);
  const ownerId = group?.ownerUnitId ?? watchedOwner ?? user.unitId;
  const create = useCreateUnitGroup();
  const update = useUpdateUnitGroup();
  const saving = group ? update : create;

  const submit = (v: Values) => {
    const done = {
      onSuccess: () => {
        void message.success(t('regimes.groups.saved'));
        onClose();
      },
      onError: (error: unknown) => showFieldErrors(form, error),
    };
    if (group) update.mutate({ id: group.id, name: v.name.trim(), unitIds: v.unitIds, revision: group.revision }, done);
    else create.mutate({ name: v.name.trim(), ownerUnitId: v.ownerUnitId, unitIds: v.unitIds }, done);
  };

  const initial: Values = group
    ? { name: group.name, ownerUnitId: group.ownerUnitId, unitIds: group.members.map((m) => m.id) }
    : { name: '', ownerUnitId: user.unitId, unitIds: [] };

  return (
    <Modal
      open
      title={group ? t('regimes.groups.editTitle', { name: group.name }) : t('regimes.groups.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit} requiredMark="optional">
        <Form.Item name="name" label={t('regimes.groups.name')} rules={[{ required: true, whitespace: true, message: t('regimes.form.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        {group ? (
          <Form.Item label={t('regimes.groups.owner')}>{group.ownerUnitName}</Form.Item>
        ) : (
          <Form.Item name="ownerUnitId" label={t('regimes.groups.owner')} rules={[{ required: true, message: t('regimes.form.required') }]}>
            <UnitTreeSelect style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="unitIds" label={t('regimes.groups.members')} rules={[{ required: true, type: 'array', min: 1, message: t('regimes.groups.membersRequired') }]}>
          <UnitsPicker requesterId={ownerId} placeholder={t('regimes.form.pickUnits')} />
        </Form.Item>
      </Form>
      {saving.isError && <Alert type="error" showIcon title={errorMessage(saving.error)} />}
    </Modal>
  );
}
