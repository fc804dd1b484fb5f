import { FileExcelOutlined, FileImageOutlined, FileTextOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Segmented, Spin, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import type { UnitTreeNode } from '@baocao/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../shared/api/problem';
import { useSession } from '../../app/session';
import { useUnitTree } from '../units/api';
import { SaveViewButton } from '../dashboards/save-view-button';
import { downloadSeries, saveBlob, useSeries, useUnitsAbove } from './api';
import { PivotTable } from './pivot-table';
import { defaultPeriods, metricsOf, pivotSeries, readQuestion, toSeriesQuery, writeQuestion, type Metric, type Question } from './question';
import { QuestionForm } from './question-form';
import { ReadSourceNote } from './read-source-note';
import { chartPngWithCaption, SeriesChart, type ChartHandle, type ChartView } from './series-chart';

/**
 * "Khai thác số liệu": one measure of accepted reports over a unit subtree and a range of periods,
 * as a chart, a pivot table and files that cite their source (R25, R26, R28). The question lives in
 * the URL, so a view can be bookmarked or sent to a colleague.
 */
export function AnalyticsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const question = useMemo(() => readQuestion(params), [params]);
  const query = useMemo(() => (question ? toSeriesQuery(question) : null), [question]);
  const series = useSeries(query);
  const { user } = useSession();
  const tree = useUnitTree();
  const visible = useMemo(() => (tree.data ? new Set(flattenIds(tree.data)) : null), [tree.data]);
  const above = useUnitsAbove(user.unitId, visible);
  const defaultRootId = above.data?.[0]?.id ?? tree.data?.[0]?.id;

  return (
    <Flex vertical gap={16}>
      <Card title={t('analytics.title')}>
        <Typography.Paragraph type="secondary">{t('analytics.intro')}</Typography.Paragraph>
        {!tree.isPending && !above.isPending && (
          <QuestionForm
            unitsAbove={above.data}
            initial={question ?? defaultPeriods()}
            defaultRootId={defaultRootId}
            running={series.isFetching}
            onRun={(q: Question) => {
              const next = writeQuestion(q);
              if (next.toString() === params.toString()) void series.refetch();
              else setParams(next);
            }}
          />
        )}
      </Card>
      {query && <ResultCard state={series} query={query} />}
    </Flex>
  );
}

function ResultCard({ state, query }: { state: ReturnType<typeof useSeries>; query: NonNullable<Parameters<typeof useSeries>[0]> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [view, setView] = useState<ChartView>('period');
  const [chosenMetric, setMetric] = useState<Metric>('value');
  const [exporting, setExporting] = useState<string | null>(null);
  const chartRef = useRef(null) as ChartHandle;
  const metrics = useMemo(() => (state.data ? metricsOf(state.data) : (['value'] as Metric[])), [state.data]);
  const metric = metrics.includes(chosenMetric) ? chosenMetric : 'value';
  const pivot = useMemo(() => (state.data ? pivotSeries(state.data, (date) => t('analytics.adHoc', { date }), metric) : null), [state.data, t, metric]);
  const figures = useMemo(() => (state.data && metric !== 'value' ? pivotSeries(state.data, (date) => t('analytics.adHoc', { date })) : pivot), [state.data, t, metric, pivot]);
  const metricLabel = useMemo<Record<Metric, string>>(
    () => ({
      value: t('analytics.metricValue'), plan: t('analytics.metricPlan'), planPercent: t('analytics.metricPlanPercent'),
      previousYear: t('analytics.metricPreviousYear'), changePercent: t('analytics.metricChangePercent'), yearToDate: t('analytics.metricYearToDate'),
    }),
    [t],
  );

  if (state.isError) return <Alert type="error" showIcon title={errorMessage(state.error)} />;
  if (!state.data || !pivot || !figures) return <Card loading title={t('analytics.result')} />;
  const result = state.data;
  const last = pivot.periods.at(-1);

  const run = async (kind: 'xlsx' | 'csv' | 'png') => {
    setExporting(kind);
    try {
      if (kind === 'png') {
        if (!chartRef.current) return;
        saveBlob(await chartPngWithCaption(chartRef.current, result.citation.text), 'bieu-do-so-lieu.png');
      } else await downloadSeries(query, kind);
    } catch (error) {
      void message.error(`${t('analytics.exportFailed')}: ${errorMessage(error)}`);
    } finally {
      setExporting(null);
    }
  };

  return (
    <Spin spinning={state.isFetching}>
      <Card
        title={result.citation.measure || t('analytics.result')}
        extra={
          pivot.rows.length > 0 && (
            <Flex gap={8} wrap>
              <SaveViewButton query={query} defaultName={result.citation.measure} />
              <Button icon={<FileExcelOutlined />} loading={exporting === 'xlsx'} onClick={() => void run('xlsx')}>
                {t('analytics.exportXlsx')}
              </Button>
              <Button icon={<FileTextOutlined />} loading={exporting === 'csv'} onClick={() => void run('csv')}>
                {t('analytics.exportCsv')}
              </Button>
              <Button icon={<FileImageOutlined />} loading={exporting === 'png'} onClick={() => void run('png')}>
                {t('analytics.exportPng')}
              </Button>
            </Flex>
          )
        }
      >
        {pivot.rows.length === 0 ? (
          <Flex vertical align="center">
            <Empty description={t('analytics.empty')} />
            <ReadSourceNote source={result.source} />
          </Flex>
        ) : (
          <Flex vertical gap={16}>
            <Flex align="center" gap={12} wrap>
              <Segmented<ChartView>
                value={view}
                onChange={setView}
                options={[
                  { value: 'period', label: t('analytics.byPeriod') },
                  { value: 'unit', label: t('analytics.byUnit') },
                ]}
              />
              {view === 'unit' && last && <Typography.Text type="secondary">{t('analytics.lastPeriod', { period: last.title })}</Typography.Text>}
            </Flex>
            <SeriesChart pivot={figures} view={view} seriesName={view === 'period' ? t('analytics.total') : (last?.title ?? '')} chartRef={chartRef} lineNames={metricLabel} />
            {metrics.length > 1 && (
              <Flex align="center" gap={12} wrap>
                <Typography.Text>{t('analytics.show')}:</Typography.Text>
                <Segmented<Metric> data-testid="analytics-metric" value={metric} onChange={setMetric} options={metrics.map((m) => ({ value: m, label: metricLabel[m] }))} />
              </Flex>
            )}
            <PivotTable pivot={pivot} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="analytics-citation">
              {result.citation.text}
            </Typography.Text>
            <ReadSourceNote source={result.source} />
          </Flex>
        )}
      </Card>
    </Spin>
  );
}

function flattenIds(nodes: UnitTreeNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...flattenIds(n.children)]);
}
