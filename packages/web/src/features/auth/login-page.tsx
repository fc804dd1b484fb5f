import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { LoginInput, TotpOrRecoveryCode, type TotpChallenge } from '@baocao/core';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/problem';
import { zodRule } from '../../shared/validation';
import { useLogin, useSessionQuery, useTotpLogin } from './api';
import { AuthFrame } from './auth-frame';
import { MaintenanceBanner } from '../operations/maintenance-banner';

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
  // Set when the password was right and the account has TOTP on: the second step replaces the form.
  const [challenge, setChallenge] = useState<TotpChallenge | null>(null);

  if (session.data) return <Navigate to={returnPath(location.state)} replace />;

  const submit = (values: Values) => {
    // Success puts the session in the cache; the <Navigate> above then leaves this page.
    login.mutate(LoginInput.parse(values), {
      onSuccess: (result) => {
        if ('secondFactor' in result) setChallenge(result);
      },
    });
  };

  return (
    <AuthFrame>
      <div style={{ width: 380, maxWidth: '100%', marginBottom: 12 }}>
        <MaintenanceBanner />
      </div>
      <Card style={{ width: 380, maxWidth: '100%' }} title={t('auth.loginTitle')}>
        {challenge ? (
          <TotpStep
            challenge={challenge}
            onRestart={() => {
              login.reset();
              setChallenge(null);
            }}
          />
        ) : (
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
        )}
      </Card>
    </AuthFrame>
  );
}

/** The second step: the 6-digit code from the authenticator app, or a recovery code. */
function TotpStep({ challenge, onRestart }: { challenge: TotpChallenge; onRestart: () => void }) {
  const { t } = useTranslation();
  const totp = useTotpLogin();
  const expired = totp.error instanceof ApiError && totp.error.code === 'auth.totp_challenge_expired';

  const submit = ({ code }: { code: string }) => totp.mutate({ challenge: challenge.challenge, code: TotpOrRecoveryCode.parse(code) });

  return (
    <Form<{ code: string }> layout="vertical" onFinish={submit} requiredMark={false} disabled={totp.isPending}>
      <Typography.Paragraph type="secondary">{t('auth.totpPrompt')}</Typography.Paragraph>
      {totp.isError && <Alert type="error" showIcon title={errorMessage(totp.error)} style={{ marginBottom: 16 }} />}
      <Form.Item name="code" label={t('auth.totpCode')} rules={[zodRule(TotpOrRecoveryCode)]}>
        <Input prefix={<SafetyOutlined />} autoComplete="one-time-code" inputMode="numeric" autoFocus size="large" maxLength={11} disabled={expired} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={totp.isPending} disabled={expired}>
        {t('auth.totpVerify')}
      </Button>
      <Button type="link" block onClick={onRestart} style={{ marginTop: 8 }}>
        {t('auth.totpBack')}
      </Button>
    </Form>
  );
}
