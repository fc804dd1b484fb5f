import { ShareAltOutlined } from '@ant-design/icons';
import { formatViNumber, type DashboardIndicator } from '@baocao/core';
import { Alert, Button, Card, Empty, Flex, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { pivotSeries } from '../analytics/question';
import { SeriesChart, type ChartHandle } from '../analytics/series-chart';

/** The change from the period before, as a signed percentage ("+12,5 %"); null without two figures or from zero. */
export function changeOf(trend: DashboardIndicator['trend']): number | null {
  if (trend.length < 2) return null;
  const last = Number(trend.at(-1)!.value);
  const before = Number(trend.at(-2)!.value);
  return before === 0 ? null : ((last - before) / Math.abs(before)) * 100;
}

/** A pinned view on the overview: its latest total, the change from the period before, and the trend line. */
export function IndicatorCard({ indicator }: { indicator: DashboardIndicator }) {
  const { t } = useTranslation();
  const chartRef = useRef(null) as ChartHandle;
  const { view, trend } = indicator;
  // The exploration page's own pivot of the totals, so the card's line reads exactly like its chart.
  const pivot = useMemo(
    () => (indicator.citation ? pivotSeries({ points: [], totals: trend, citation: indicator.citation }, (date) => t('analytics.adHoc', { date })) : null),
    [trend, indicator.citation, t],
  );
  const last = pivot?.periods.at(-1);
  const change = changeOf(trend);

  return (
    <Card
      size="small"
      data-testid="dashboard-indicator"
      title={
        <Tooltip title={indicator.measure}>
          <span>{view.name}</span>
        </Tooltip>
      }
      extra={
        view.pageQuery ? (
          <Link to={`/khai-thac?${view.pageQuery}`}>
            <Button size="small" type="link">
              {t('dashboards.open')}
            </Button>
          </Link>
        ) : null
      }
      style={{ height: '100%' }}
    >
      {indicator.error ? (
        <Alert type="warning" showIcon title={indicator.error.message} />
      ) : !pivot || trend.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboards.noFigures')} />
      ) : (
        <Flex vertical gap={4}>
          <Flex align="baseline" gap={12} wrap>
            <Typography.Text strong style={{ fontSize: 24 }} data-testid="indicator-latest">
              {formatViNumber(trend.at(-1)!.value)}
            </Typography.Text>
            {change !== null && (
              <Tooltip title={t('dashboards.change')}>
                <Tag color={change >= 0 ? 'green' : 'red'}>
                  {change >= 0 ? '▲ +' : '▼ '}
                  {new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(change)} %
                </Tag>
              </Tooltip>
            )}
          </Flex>
          <Typography.Text type="secondary">{t('dashboards.latest', { period: last?.title ?? '' })}</Typography.Text>
          <SeriesChart pivot={pivot} view="period" seriesName={t('analytics.total')} chartRef={chartRef} height={170} />
        </Flex>
      )}
      <Flex gap={6} wrap style={{ marginTop: 4 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: indicator.citation?.text ?? indicator.measure }}>
          {indicator.measure}
        </Typography.Text>
        {!view.mine && (
          <Tag icon={<ShareAltOutlined />} style={{ fontSize: 11 }}>
            {t('dashboards.sharedBy', { name: view.ownerName })}
          </Tag>
        )}
      </Flex>
    </Card>
  );
}
