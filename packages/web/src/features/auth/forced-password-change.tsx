import { Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLogout } from './api';
import { AuthFrame } from './auth-frame';
import { ChangePasswordForm } from './change-password-form';

/** Shown instead of the whole application while the user still has an issued password. */
export function ForcedPasswordChange() {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <AuthFrame>
      <Card style={{ width: 440, maxWidth: '100%' }} title={t('auth.mustChangeTitle')}>
        <Typography.Paragraph type="secondary">{t('auth.mustChangeText')}</Typography.Paragraph>
        <ChangePasswordForm />
        <Button type="link" style={{ padding: 0, marginTop: 8 }} onClick={() => logout.mutate()}>
          {t('menu.logout')}
        </Button>
      </Card>
    </AuthFrame>
  );
}
