import { CreateUserInput, UpdateUserInput, assignableRoles, type Role, type User } from '@baocao/core';
import { Alert, Form, Input, Modal, Select, Switch, App as AntApp } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { errorMessage, showFieldErrors } from '../../shared/api/problem';
import { zodRule } from '../../shared/validation';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { useCreateUser, useUpdateUser } from './api';

type Values = { username: string; fullName: string; email?: string; role: Role; unitId: string; password: string; active: boolean };

const fields = CreateUserInput.shape;

/** Adds a user, or edits one (the user name never changes: the audit trail refers to it). */
export function UserFormModal({ user, onClose }: { user?: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const session = useSession();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const mutation = user ? update : create;

  const roles = assignableRoles(session.user.role);
  // A role the actor cannot grant is still shown for the user who has it, but cannot be chosen.
  const roleOptions = [...new Set<Role>([...roles, ...(user ? [user.role] : [])])].map((r) => ({
    value: r,
    label: t(`role.${r}`),
    disabled: !roles.includes(r),
  }));

  const submit = (values: Values) => {
    const email = values.email?.trim() ? values.email.trim() : null;
    const onError = (error: unknown) => showFieldErrors(form, error);
    if (user) {
      // Only what changed: the server checks each change (a role, a unit) on its own.
      const next = { fullName: values.fullName.trim(), email, role: values.role, unitId: values.unitId, active: values.active };
      const changed = Object.fromEntries(Object.entries(next).filter(([key, value]) => user[key as keyof typeof next] !== value));
      if (Object.keys(changed).length === 0) return onClose();
      const input = UpdateUserInput.parse(changed);
      update.mutate(
        { id: user.id, ...input },
        {
          onSuccess: () => {
            void message.success(t('common.saved'));
            onClose();
          },
          onError,
        },
      );
    } else {
      const { username, fullName, role, unitId, password } = values;
      const input = CreateUserInput.parse({ username, fullName, email, role, unitId, password });
      create.mutate(input, {
        onSuccess: (created) => {
          void message.success(t('users.created', { username: created.username }));
          onClose();
        },
        onError,
      });
    }
  };

  const initial: Partial<Values> = user
    ? { username: user.username, fullName: user.fullName, email: user.email ?? '', role: user.role, unitId: user.unitId, active: user.active }
    : { role: roles.includes('specialist') ? 'specialist' : roles[0], unitId: session.user.unitId, active: true };

  return (
    <Modal
      open
      title={user ? t('users.editTitle', { username: user.username }) : t('users.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      width={560}
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit} style={{ marginTop: 16 }}>
        {mutation.isError && <Alert type="error" showIcon title={errorMessage(mutation.error)} style={{ marginBottom: 16 }} />}
        <Form.Item name="username" required={!user} label={t('users.username')} rules={user ? [] : [zodRule(fields.username)]}>
          <Input disabled={!!user} autoComplete="off" autoFocus={!user} maxLength={64} />
        </Form.Item>
        <Form.Item name="fullName" required label={t('users.fullName')} rules={[zodRule(fields.fullName)]}>
          <Input maxLength={200} autoFocus={!!user} />
        </Form.Item>
        <Form.Item name="email" label={t('users.email')} rules={[zodRule(fields.email, { optional: true })]}>
          <Input type="email" autoComplete="off" maxLength={254} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={roleOptions} />
        </Form.Item>
        <Form.Item name="unitId" label={t('users.unit')} rules={[{ required: true, message: t('validation.required') }]}>
          <UnitTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        {user ? (
          <Form.Item name="active" label={t('users.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : (
          <Form.Item name="password" required label={t('users.password')} extra={t('users.passwordHint')} rules={[zodRule(fields.password)]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
