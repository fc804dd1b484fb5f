import type { ReadSource } from '@baocao/core';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Further behind than this, the note takes the warning colour: figures accepted in the last minute may be missing. */
export const REPLICA_LAG_WARNING_SECONDS = 60;

/**
 * A discreet line under figures read from a read replica (docs/read-replica.md), with how far it was behind
 * the primary; nothing when the primary answered.
 */
export function ReadSourceNote({ source }: { source: ReadSource | undefined }) {
  const { t } = useTranslation();
  if (!source?.replica) return null;
  const seconds = source.lagSeconds ?? 0;
  const lagging = seconds > REPLICA_LAG_WARNING_SECONDS;
  const lag = seconds < 120 ? t('analytics.lagSeconds', { n: Math.max(1, Math.round(seconds)) }) : t('analytics.lagMinutes', { n: Math.round(seconds / 60) });
  return (
    <Typography.Text type={lagging ? 'warning' : 'secondary'} style={{ fontSize: 12 }} data-testid="read-source-note">
      {seconds < 0.5 ? t('analytics.replicaCaughtUp') : t(lagging ? 'analytics.replicaLagging' : 'analytics.replicaNote', { lag })}
    </Typography.Text>
  );
}
