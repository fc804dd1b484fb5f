import { PlayCircleOutlined } from '@ant-design/icons';
import { formatDateVi, type SchedulerReport } from '@baocao/core';
import { Alert, Button, Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api/problem';
import { useRunScheduler } from './api';

const COUNTS = ['roundsOpened', 'assignmentsCreated', 'skippedRetired', 'remindersQueued', 'digestsQueued', 'mailsSent'] as const satisfies readonly (keyof SchedulerReport)[];

/** Runs the scheduler now (opens due rounds, queues reminders) and shows what it did. System administrator. */
export function SchedulerCard() {
  const { t } = useTranslation();
  const run = useRunScheduler();
  return (
    <Card
      title={t('regimes.scheduler.title')}
      extra={
        <Button icon={<PlayCircleOutlined />} loading={run.isPending} onClick={() => run.mutate()}>
          {t('regimes.scheduler.run')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('regimes.scheduler.hint')}</Typography.Paragraph>
      {run.isError && <Alert type="error" showIcon title={errorMessage(run.error)} />}
      {run.data && (
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2, xl: 4 }}
          title={t('regimes.scheduler.done', { date: formatDateVi(run.data.today) })}
          items={COUNTS.map((key) => ({ key, label: t(`regimes.scheduler.${key}`), children: run.data[key] }))}
        />
      )}
    </Card>
  );
}
