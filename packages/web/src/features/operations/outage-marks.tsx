import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const day = (d: string) => d.split('-').reverse().join('/');

/** Marks of an outage (R32) on a report: its extended deadline and "bổ sung sau sự cố" once sent within it. */
export function OutageMarks({ extendedDueOn, backfilled }: { extendedDueOn: string | null; backfilled: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {extendedDueOn && !backfilled && <Tag color="blue">{t('operations.extendedTo', { date: day(extendedDueOn) })}</Tag>}
      {backfilled && <Tag color="purple">{t('operations.backfilled')}</Tag>}
    </>
  );
}
