import { formatViNumber } from '@baocao/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { Metric, Pivot } from './question';

// Only what these two charts use, to keep the lazily loaded chunk small.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type ChartView = 'period' | 'unit';
export type ChartHandle = { current: echarts.ECharts | null };

type Props = {
  pivot: Pivot;
  view: ChartView;
  seriesName: string;
  chartRef: ChartHandle;
  height?: number;
  /** Names of the comparison lines (plan, last year, year to date) drawn with the totals by period. */
  lineNames?: Partial<Record<Metric, string>>;
};

const LINE_STYLE: Partial<Record<Metric, { color: string; type: 'solid' | 'dashed' | 'dotted' }>> = {
  plan: { color: '#d4380d', type: 'dashed' },
  previousYear: { color: '#8c8c8c', type: 'dotted' },
  yearToDate: { color: '#389e0d', type: 'solid' },
};

/** The total per period as a line, or the units of the last period as bars. Values are charted as numbers, labelled exactly. */
export function SeriesChart({ pivot, view, seriesName, chartRef, height = 340, lineNames }: Props) {
  const element = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const chart = echarts.init(element.current!, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element.current!);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, [chartRef]);

  useEffect(() => {
    chartRef.current?.setOption(chartOption(pivot, view, seriesName, lineNames), { notMerge: true });
  }, [pivot, view, seriesName, chartRef, lineNames]);

  return <div ref={element} data-testid="analytics-chart" style={{ width: '100%', height }} />;
}

function chartOption(pivot: Pivot, view: ChartView, seriesName: string, lineNames?: Partial<Record<Metric, string>>): echarts.EChartsCoreOption {
  const last = pivot.periods.at(-1);
  const points =
    view === 'period'
      ? pivot.periods.map((p) => ({ label: p.title, value: pivot.totals[p.key] ?? null }))
      : pivot.rows.map((r) => ({ label: r.unitName, value: (last && r.values[last.key]) ?? null }));
  const exact = new Map(points.map((p) => [p.label, p.value]));
  // By period, the comparisons asked run as more lines beside the totals (their own exact figures in the tooltip).
  const extra =
    view === 'period'
      ? (pivot.lines ?? []).filter((l) => l.metric !== 'value' && lineNames?.[l.metric]).map((l) => ({ ...l, name: lineNames![l.metric]! }))
      : [];
  return {
    animation: false,
    grid: { left: 16, right: 24, top: 40, bottom: 16, containLabel: true },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { name: string; marker: string; seriesName: string; seriesIndex: number; dataIndex: number }[]) => {
        const p = params[0];
        if (!p) return '';
        const figure = (q: (typeof params)[number]) => {
          const line = q.seriesIndex > 0 ? extra[q.seriesIndex - 1] : undefined;
          const key = pivot.periods[q.dataIndex]?.key;
          const v = line ? (key ? (line.values[key] ?? null) : null) : (exact.get(q.name) ?? null);
          return `${q.marker}${q.seriesName}: <b>${formatViNumber(v) || '—'}</b>`;
        };
        return `${p.name}<br/>${params.map(figure).join('<br/>')}`;
      },
    },
    xAxis: { type: 'category', data: points.map((p) => p.label), axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => new Intl.NumberFormat('vi-VN').format(v) } },
    series: [
      {
        type: view === 'period' ? 'line' : 'bar',
        name: seriesName,
        data: points.map((p) => (p.value === null ? null : Number(p.value))),
        color: '#1f6fb2',
        // A few points read best with their exact figures on them.
        label: { show: points.length <= 12, position: 'top', formatter: ({ dataIndex }: { dataIndex: number }) => formatViNumber(points[dataIndex]?.value ?? null) },
        ...(view === 'period' ? { symbolSize: 8, connectNulls: true } : { barMaxWidth: 48 }),
      },
      ...extra.map((l) => ({
        type: 'line',
        name: l.name,
        data: pivot.periods.map((p) => (l.values[p.key] == null ? null : Number(l.values[p.key]))),
        color: LINE_STYLE[l.metric]?.color,
        lineStyle: { type: LINE_STYLE[l.metric]?.type ?? 'solid' },
        symbolSize: 6,
        connectNulls: true,
      })),
    ],
  };
}

/**
 * The chart as a PNG on white with the citation drawn underneath, so the picture carries its
 * source wherever it is pasted (R28).
 */
export async function chartPngWithCaption(chart: echarts.ECharts, caption: string): Promise<Blob> {
  const ratio = 2;
  const image = new Image();
  image.src = chart.getDataURL({ type: 'png', pixelRatio: ratio, backgroundColor: '#fff' });
  await image.decode();
  const font = `${13 * ratio}px sans-serif`;
  const padding = 16 * ratio;
  const lineHeight = 18 * ratio;
  const measure = document.createElement('canvas').getContext('2d')!;
  measure.font = font;
  const lines = wrapText(measure, caption, image.width - 2 * padding);
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height + padding * 2 + lines.length * lineHeight;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0);
  ctx.font = font;
  ctx.fillStyle = '#555';
  ctx.textBaseline = 'top';
  lines.forEach((line, i) => ctx.fillText(line, padding, image.height + padding + i * lineHeight));
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('toBlob'))), 'image/png'));
}

function wrapText(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (line && ctx.measureText(next).width > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}
