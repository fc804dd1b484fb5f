import { SafetyCertificateOutlined } from '@ant-design/icons';
import { TotpCode, TotpOrRecoveryCode, type TotpSetup } from '@baocao/core';
import { Alert, Button, Flex, Form, Image, Input, Space, Spin, Tag, Typography, App as AntApp } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, showFieldErrors } from '../../shared/api/problem';
import { zodRule } from '../../shared/validation';
import { useConfirmTotp, useDisableTotp, useStartTotp, useTotpStatus } from './api';

/**
 * "Bảo mật tài khoản": turn the TOTP second factor on (QR code and secret, confirmed by a code;
 * recovery codes shown once) or off (with a code). Leaders and administrators only.
 */
export function TotpSection() {
  const { t } = useTranslation();
  const status = useTotpStatus();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  if (status.isPending) return <Spin />;
  if (status.isError) return <Alert type="error" showIcon title={errorMessage(status.error)} />;
  const s = status.data;

  return (
    <div>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <SafetyCertificateOutlined /> {t('auth.securityTitle')}{' '}
        {s.allowed && <Tag color={s.enabled ? 'green' : 'default'}>{s.enabled ? t('auth.totpOn') : t('auth.totpOff')}</Tag>}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('auth.securityIntro')}</Typography.Paragraph>
      {!s.allowed && !s.enabled ? (
        <Alert type="info" showIcon title={t('auth.totpNotAllowed')} />
      ) : recoveryCodes ? (
        <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
      ) : s.enabled ? (
        <>
          <Typography.Paragraph>{t('auth.totpRecoveryLeft', { count: s.recoveryCodesLeft })}</Typography.Paragraph>
          <DisableForm />
        </>
      ) : setup ? (
        <ConfirmForm
          setup={setup}
          onConfirmed={(codes) => {
            setSetup(null);
            setRecoveryCodes(codes);
          }}
        />
      ) : (
        <StartButton onStarted={setSetup} />
      )}
    </div>
  );
}

function StartButton({ onStarted }: { onStarted: (setup: TotpSetup) => void }) {
  const { t } = useTranslation();
  const start = useStartTotp();
  return (
    <>
      {start.isError && <Alert type="error" showIcon title={errorMessage(start.error)} style={{ marginBottom: 16 }} />}
      <Button type="primary" loading={start.isPending} onClick={() => start.mutate(undefined, { onSuccess: onStarted })}>
        {t('auth.totpEnable')}
      </Button>
    </>
  );
}

function ConfirmForm({ setup, onConfirmed }: { setup: TotpSetup; onConfirmed: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ code: string }>();
  const confirm = useConfirmTotp();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(setup.uri, { margin: 1, width: 200 }).then((url) => live && setQr(url));
    return () => {
      live = false;
    };
  }, [setup.uri]);

  const submit = ({ code }: { code: string }) =>
    confirm.mutate(TotpCode.parse(code), {
      onSuccess: (r) => {
        void message.success(t('auth.totpEnabled'));
        onConfirmed(r.recoveryCodes);
      },
      onError: (error) => showFieldErrors(form, error),
    });

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      <Typography.Paragraph>{t('auth.totpScan')}</Typography.Paragraph>
      <Flex justify="center" style={{ marginBottom: 12 }}>
        {qr ? <Image src={qr} width={200} height={200} preview={false} alt="otpauth QR" data-testid="totp-qr" /> : <Spin />}
      </Flex>
      <Form.Item label={t('auth.totpSecret')}>
        <Typography.Text code copyable data-testid="totp-secret">
          {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
        </Typography.Text>
      </Form.Item>
      {confirm.isError && <Alert type="error" showIcon title={errorMessage(confirm.error)} style={{ marginBottom: 16 }} />}
      <Form.Item name="code" label={t('auth.totpCode')} rules={[zodRule(TotpCode)]}>
        <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} style={{ maxWidth: 200 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={confirm.isPending}>
        {t('auth.totpConfirm')}
      </Button>
    </Form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      title={t('auth.totpRecoveryTitle')}
      description={
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('auth.totpRecoveryText')}</Typography.Text>
          <Typography.Paragraph copyable={{ text: codes.join('\n') }} style={{ fontFamily: 'monospace', marginBottom: 0 }} data-testid="totp-recovery-codes">
            {codes.map((c) => (
              <span key={c} style={{ display: 'inline-block', width: '50%' }}>
                {c}
              </span>
            ))}
          </Typography.Paragraph>
          <Button onClick={onDone}>{t('auth.totpRecoveryDone')}</Button>
        </Space>
      }
    />
  );
}

function DisableForm() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ code: string }>();
  const disable = useDisableTotp();
  const submit = ({ code }: { code: string }) =>
    disable.mutate(TotpOrRecoveryCode.parse(code), {
      onSuccess: () => {
        void message.success(t('auth.totpDisabled'));
        form.resetFields();
      },
      onError: (error) => showFieldErrors(form, error),
    });
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      {disable.isError && <Alert type="error" showIcon title={errorMessage(disable.error)} style={{ marginBottom: 16 }} />}
      <Form.Item name="code" label={t('auth.totpCode')} extra={t('auth.totpDisableHint')} rules={[zodRule(TotpOrRecoveryCode)]}>
        <Input autoComplete="one-time-code" maxLength={11} style={{ maxWidth: 200 }} />
      </Form.Item>
      <Button danger htmlType="submit" loading={disable.isPending}>
        {t('auth.totpDisable')}
      </Button>
    </Form>
  );
}
