import { Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ChangePasswordForm } from './change-password-form';

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('menu.changePassword')} onCancel={onClose} footer={null} destroyOnHidden>
      <ChangePasswordForm onDone={onClose} onCancel={onClose} />
    </Modal>
  );
}
