import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { vietnamDateOf, type CalendarYear } from '@baocao/core';
import { Alert, Button, Card, Col, Flex, InputNumber, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { ErrorResult } from '../../shared/ui/error-result';
import { useCalendarYear } from './api';
import { useDayLabel } from './day-label';
import { OverridesCard } from './overrides-card';
import { SchedulerCard } from './scheduler-card';

type DayOff = CalendarYear['daysOff'][number];

const KIND_COLORS: Record<string, string> = { lunar_new_year: 'red', hung_kings: 'volcano', substitute: 'gold', override: 'blue' };
const LUNAR = new Set(['lunar_new_year', 'hung_kings']);

/** /lich-lam-viec: a year's days off and, for the system administrator, the Government's yearly swaps and the scheduler. */
export function CalendarPage() {
  const { t } = useTranslation();
  const canManage = useCan('calendar.manage');
  const [year, setYear] = useState(() => Number(vietnamDateOf(new Date()).slice(0, 4)));
  const calendar = useCalendarYear(year);
  const dayLabel = useDayLabel();

  const yearPicker = (
    <Flex gap={4} align="center">
      <Button icon={<LeftOutlined />} aria-label={t('regimes.calendar.prevYear')} onClick={() => setYear((y) => y - 1)} />
      <InputNumber<number>
        aria-label={t('regimes.calendar.year')}
        value={year}
        min={1900}
        max={2199}
        precision={0}
        onChange={(v) => v && v >= 1900 && v <= 2199 && setYear(v)}
        style={{ width: 90 }}
      />
      <Button icon={<RightOutlined />} aria-label={t('regimes.calendar.nextYear')} onClick={() => setYear((y) => y + 1)} />
    </Flex>
  );

  return (
    <Flex vertical gap={16}>
      <Card title={t('regimes.calendar.title')} extra={yearPicker}>
        <Alert type="info" showIcon title={t('regimes.calendar.explainTitle')} description={t('regimes.calendar.explain')} style={{ marginBottom: 16 }} />
        {calendar.isError ? (
          <ErrorResult error={calendar.error} onRetry={() => void calendar.refetch()} />
        ) : (
          <Row gutter={24}>
            <Col xs={24} lg={6}>
              <Flex vertical gap={16}>
                <Statistic title={t('regimes.calendar.workingDays', { year })} value={calendar.data?.workingDays ?? '—'} loading={calendar.isPending} />
                <Statistic title={t('regimes.calendar.daysOffCount', { year })} value={calendar.data?.daysOff.length ?? '—'} loading={calendar.isPending} />
              </Flex>
            </Col>
            <Col xs={24} lg={18}>
              <Typography.Title level={5}>{t('regimes.calendar.daysOff', { year })}</Typography.Title>
              <Table<DayOff>
                rowKey="date"
                size="small"
                loading={calendar.isFetching}
                dataSource={calendar.data?.daysOff ?? []}
                pagination={false}
                locale={{ emptyText: t('regimes.calendar.noDaysOff') }}
                columns={[
                  { title: t('regimes.calendar.date'), dataIndex: 'date', width: 200, render: (d: string) => dayLabel(d) },
                  { title: t('regimes.calendar.name'), dataIndex: 'name', render: (name: string, d) => name || t(`regimes.calendar.kind.${kindKey(d.kind)}`) },
                  {
                    title: t('regimes.calendar.kindTitle'),
                    width: 240,
                    render: (_, d) => (
                      <Flex gap={4} wrap>
                        <Tag color={KIND_COLORS[d.kind] ?? 'green'}>{t(`regimes.calendar.kind.${kindKey(d.kind)}`)}</Tag>
                        {LUNAR.has(d.kind) && <Tag>{t('regimes.calendar.lunar')}</Tag>}
                      </Flex>
                    ),
                  },
                ]}
              />
            </Col>
          </Row>
        )}
      </Card>
      <OverridesCard year={year} calendar={calendar.data} canManage={canManage} />
      {canManage && <SchedulerCard />}
    </Flex>
  );
}

function kindKey(kind: string): 'holiday' | 'tet' | 'substitute' | 'override' {
  if (kind === 'lunar_new_year' || kind === 'new_year') return 'tet';
  if (kind === 'substitute' || kind === 'override') return kind;
  return 'holiday';
}
