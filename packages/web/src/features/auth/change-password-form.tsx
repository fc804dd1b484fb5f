import { ChangePasswordInput, Password } from '@baocao/core';
import { Alert, Button, Form, Input, App as AntApp } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage, showFieldErrors } from '../../shared/api/problem';
import { zodRule } from '../../shared/validation';
import { useChangePassword } from './api';

type Values = { currentPassword: string; newPassword: string; confirm: string };

/** Current password, new password twice; the new one checked by the same policy as the server's. */
export function ChangePasswordForm({ onDone, onCancel }: { onDone?: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();

  const submit = (values: Values) => {
    const input = ChangePasswordInput.parse({ currentPassword: values.currentPassword, newPassword: values.newPassword });
    change.mutate(input, {
      onSuccess: () => {
        void message.success(t('auth.passwordChanged'));
        form.resetFields();
        onDone?.();
      },
      onError: (error) => showFieldErrors(form, error),
    });
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      {change.isError && <Alert type="error" showIcon title={errorMessage(change.error)} style={{ marginBottom: 16 }} />}
      <Form.Item name="currentPassword" label={t('auth.currentPassword')} rules={[{ required: true, message: t('validation.required') }]}>
        <Input.Password autoComplete="current-password" autoFocus />
      </Form.Item>
      <Form.Item name="newPassword" required label={t('auth.newPassword')} extra={t('auth.passwordHint')} rules={[zodRule(Password)]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        required
        label={t('auth.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_rule, value: unknown) => {
              if (value !== getFieldValue('newPassword')) throw new Error(t('auth.passwordMismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item style={{ marginBottom: 0, textAlign: 'right' }}>
        {onCancel && (
          <Button onClick={onCancel} style={{ marginRight: 8 }}>
            {t('common.cancel')}
          </Button>
        )}
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('menu.changePassword')}
        </Button>
      </Form.Item>
    </Form>
  );
}
