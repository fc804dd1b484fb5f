import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format';
import { useMaintenanceNotices } from './api';

const hm = (iso: string) => formatDateTime(iso).slice(0, 16);

/** The maintenance notices (R31) at the top of every page, from 24 hours before a window until its end. */
export function MaintenanceBanner() {
  const { t } = useTranslation();
  const notices = useMaintenanceNotices().data ?? [];
  return (
    <>
      {notices.map((n) => (
        <Alert
          key={n.id}
          banner
          type={n.inProgress || n.emergency ? 'error' : 'warning'}
          showIcon
          role="alert"
          data-testid="maintenance-banner"
          title={`${t(n.inProgress ? 'operations.banner.inProgress' : 'operations.banner.upcoming', { from: hm(n.startsAt), to: hm(n.endsAt) })}${n.emergency ? ` ${t('operations.banner.emergency')}` : ''}`}
          description={n.message}
        />
      ))}
    </>
  );
}
