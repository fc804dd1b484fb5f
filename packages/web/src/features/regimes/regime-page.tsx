import { ArrowLeftOutlined } from '@ant-design/icons';
import type { ScheduleEntry } from '@baocao/core';
import { Button, Card, Empty, Flex, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { ApiError } from '../../shared/api/client';
import { ErrorResult } from '../../shared/ui/error-result';
import { useRegime, useRegimeSchedule } from './api';
import { RegimeActions } from './regime-actions';
import { RegimeInfo } from './regime-info';
import { RegimeSchedule } from './regime-schedule';
import { RegimeStatusTag } from './regime-tags';
import { RoundProgressPanel } from './round-progress';

/** The round shown when none is picked: the earliest still missing answers, else the latest opened. */
function defaultRound(entries: ScheduleEntry[] | undefined): string | undefined {
  const opened = (entries ?? []).filter((e) => e.state === 'opened');
  return (opened.find((e) => e.missing > 0) ?? opened.at(-1))?.key;
}

/** /che-do-bao-cao/:regimeId: what the regime asks, its schedule, and who has answered a round (`?ky=`). */
export function RegimePage() {
  const { regimeId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canManage = useCan('regime.manage');
  const regime = useRegime(regimeId);
  const schedule = useRegimeSchedule(regimeId);
  const [params, setParams] = useSearchParams();
  const roundKey = params.get('ky') ?? defaultRound(schedule.data?.entries);

  if (regime.isPending) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (regime.isError) {
    if (regime.error instanceof ApiError && regime.error.status === 404) return <ErrorResult notFound />;
    return <ErrorResult error={regime.error} onRetry={() => void regime.refetch()} />;
  }
  const r = regime.data;

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex align="center" gap={8} wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('regimes.detail.back')} onClick={() => void navigate('/che-do-bao-cao')} />
            <span>
              {r.code} — {r.name}
            </span>
            <RegimeStatusTag status={r.status} />
          </Flex>
        }
        extra={canManage && <RegimeActions regime={r} />}
      >
        <RegimeInfo regime={r} />
      </Card>
      <Card title={t('regimes.schedule.title')} extra={<Typography.Text type="secondary">{t('regimes.schedule.hint')}</Typography.Text>}>
        <RegimeSchedule regimeId={r.id} selected={roundKey} onSelect={(key) => setParams({ ky: key }, { replace: true })} />
      </Card>
      {roundKey ? (
        <RoundProgressPanel regimeId={r.id} roundKey={roundKey} />
      ) : (
        schedule.isSuccess && (
          <Card>
            <Empty description={t('regimes.schedule.noneOpened')} />
          </Card>
        )
      )}
    </Flex>
  );
}
