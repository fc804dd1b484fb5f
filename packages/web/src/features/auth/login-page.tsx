import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { LoginInput } from '@baocao/core';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { errorMessage } from '../../shared/api/problem';
import { useLogin, useSessionQuery } from './api';
import { AuthFrame } from './auth-frame';

type Values = { username: string; password: string };

/** Where to go after signing in: the page that sent us here, if it was one of ours. */
function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSessionQuery();
  const login = useLogin();

  if (session.data) return <Navigate to={returnPath(location.state)} replace />;

  const submit = (values: Values) => {
    // Success puts the session in the cache; the <Navigate> above then leaves this page.
    login.mutate(LoginInput.parse(values));
  };

  return (
    <AuthFrame>
      <Card style={{ width: 380, maxWidth: '100%' }} title={t('auth.loginTitle')}>
        <Form<Values> layout="vertical" onFinish={submit} requiredMark={false} disabled={login.isPending}>
          {login.isError && <Alert type="error" showIcon title={errorMessage(login.error)} style={{ marginBottom: 16 }} />}
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            {t('auth.login')}
          </Button>
        </Form>
      </Card>
    </AuthFrame>
  );
}
