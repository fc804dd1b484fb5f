import { Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LanguageSwitch } from '../../shared/ui/language-switch';
import { useLogout } from './api';
import { ChangePasswordForm } from './change-password-form';

/** Shown instead of the whole application while the user still has an issued password. */
export function ForcedPasswordChange() {
  const { t } = useTranslation();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: '#f0f4f8' }}>
      <Card style={{ width: 440, maxWidth: '100%' }} title={t('auth.mustChangeTitle')} extra={<LanguageSwitch />}>
        <Typography.Paragraph type="secondary">{t('auth.mustChangeText')}</Typography.Paragraph>
        <ChangePasswordForm />
        <Button type="link" style={{ padding: 0, marginTop: 8 }} onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/dang-nhap') })}>
          {t('menu.logout')}
        </Button>
      </Card>
    </Flex>
  );
}
