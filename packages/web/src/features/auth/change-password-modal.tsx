import { TOTP_ROLES } from '@baocao/core';
import { Modal, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSessionQuery } from './api';
import { ChangePasswordForm } from './change-password-form';
import { TotpSection } from './totp-section';

/** The account's own settings: the password, and for leaders and administrators "Bảo mật tài khoản" (TOTP) beside it. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const role = useSessionQuery().data?.user.role;
  const withSecurity = role !== undefined && TOTP_ROLES.includes(role);
  return (
    <Modal open={open} title={withSecurity ? t('auth.security') : t('menu.changePassword')} onCancel={onClose} footer={null} destroyOnHidden>
      {withSecurity ? (
        <Tabs
          items={[
            { key: 'password', label: t('menu.changePassword'), children: <ChangePasswordForm onDone={onClose} onCancel={onClose} /> },
            { key: 'totp', label: t('auth.securityTitle'), children: <TotpSection /> },
          ]}
        />
      ) : (
        <ChangePasswordForm onDone={onClose} onCancel={onClose} />
      )}
    </Modal>
  );
}
