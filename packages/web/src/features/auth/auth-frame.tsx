import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAbout } from '../../shared/api/about';
import { BrandMark } from '../../shared/ui/brand';
import { LanguageSwitch } from '../../shared/ui/language-switch';

/** The page around signing in and the first password change: the system's name, whose it is, a language switch. */
export function AuthFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const about = useAbout();
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
        <Typography.Text style={{ fontSize: 16, color: '#b0271d', fontWeight: 600, letterSpacing: 1 }}>{about.data?.organisation.toLocaleUpperCase('vi')}</Typography.Text>
      </Flex>
      {children}
    </Flex>
  );
}
