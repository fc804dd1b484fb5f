import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { LoginInput } from '@baocao/core';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../../shared/api/problem';
import { BrandMark } from '../../shared/ui/brand';
import { LanguageSwitch } from '../../shared/ui/language-switch';
import { useLogin, useSessionQuery } from './api';

type Values = { username: string; password: string };

/** Where to go after signing in: the page that sent us here, if it was one of ours. */
function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const session = useSessionQuery();
  const login = useLogin();

  if (session.data) return <Navigate to={returnPath(location.state)} replace />;

  const submit = (values: Values) => {
    login.mutate(LoginInput.parse(values), { onSuccess: () => void navigate(returnPath(location.state), { replace: true }) });
  };

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: 'linear-gradient(160deg, #e6f0fa 0%, #f5f7fa 60%)' }}>
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <LanguageSwitch />
      </div>
      <Flex vertical align="center" gap={4} style={{ marginBottom: 24, textAlign: 'center' }}>
        <BrandMark size={56} />
        <Typography.Title level={2} style={{ margin: '12px 0 0', color: '#0b3d6e' }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Text style={{ fontSize: 16, color: '#b0271d', fontWeight: 600, letterSpacing: 1 }}>{t('app.city').toUpperCase()}</Typography.Text>
      </Flex>
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
    </Flex>
  );
}
