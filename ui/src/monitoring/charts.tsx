/**
 * The monitoring charts, drawn by Apache ECharts. This module is loaded
 * lazily (React.lazy in indicator-card.tsx), so ECharts lands in a chunk of
 * its own that no other page downloads. Charts render as SVG (crisp in print,
 * styles set through the DOM, which the CSP allows) and without animation;
 * the table beside each chart carries the same figures for screen readers.
 */
import { useEffect, useMemo, useRef } from 'react';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, type GridComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Lang } from '../i18n/messages.js';
import type { MonitoringIndicator, MonitoringPeriod } from '../api/monitoring-types.js';
import { formatValue, periodLabel } from './view-model.js';

echarts.use([BarChart, LineChart, GridComponent, SVGRenderer]);

type ChartOption = echarts.ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption>;

/** Dark blue on white (about 7:1) for marks, near-black for text: readable in print and for weak eyes. */
const MARK = '#1d4f7c';
const TEXT = '#2b2b2b';
const LINE = '#8a8a8a';
/** A chart that fits the printable width of an A4 page. */
const PRINT_WIDTH = 640;

/** Mounts an ECharts instance on a div, follows its size, fits the page when printing, and disposes it on unmount. */
function useEChart(option: ChartOption) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    // The browser lays the page out anew for print without telling the observer in time.
    const beforePrint = () => c.resize({ width: Math.min(el.clientWidth, PRINT_WIDTH) });
    const afterPrint = () => c.resize();
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);
    return () => {
      observer.disconnect();
      window.removeEventListener('beforeprint', beforePrint);
      window.removeEventListener('afterprint', afterPrint);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return ref;
}

const axisText = { color: TEXT, fontSize: 12 };

/** Props of {@link TrendChart}. */
export interface TrendChartProps {
  periods: string[];
  /** One value per period; null where suppressed or missing (a gap, never a zero). */
  values: Array<number | null>;
  kind: MonitoringPeriod;
  lang: Lang;
  /** The indicator's type: shares are drawn as percentages. */
  type: MonitoringIndicator['type'];
  /** What the chart shows, for screen readers (the table beside it has the figures). */
  label: string;
}

/** An indicator's values over the periods as bars, each labelled with its figure. */
export function TrendChart({ periods, values, kind, lang, type, label }: TrendChartProps) {
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: periods.map((p) => periodLabel(p, kind, lang)), axisLabel: { ...axisText, hideOverlap: true }, axisLine: { lineStyle: { color: LINE } } },
      yAxis: { type: 'value', min: 0, max: type === 'share' ? 1 : undefined, axisLabel: { ...axisText, formatter: (v: number) => formatValue(v, lang, type) }, splitLine: { lineStyle: { color: '#e2e2e2' } } },
      series: [
        {
          type: 'bar',
          data: values,
          itemStyle: { color: MARK },
          barMaxWidth: 48,
          // Figures on the bars while they fit; with many periods the table has them.
          label: { show: periods.length <= 12, position: 'top', color: TEXT, formatter: (p) => (typeof p.value === 'number' ? formatValue(p.value, lang, type) : '') },
        },
      ],
    }),
    [periods, values, kind, lang, type],
  );
  const ref = useEChart(option);
  return <div ref={ref} className="chart chart-trend" role="img" aria-label={label} />;
}

/** Props of {@link SmallMultiples}. */
export interface SmallMultiplesProps {
  periods: string[];
  max: number;
  items: Array<{ key: string; label: string; values: Array<number | null> }>;
  kind: MonitoringPeriod;
  lang: Lang;
  type: MonitoringIndicator['type'];
}

function SmallChart({ periods, values, max, kind, lang, type }: Omit<SmallMultiplesProps, 'items'> & { values: Array<number | null> }) {
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 4, right: 12, top: 12, bottom: 4, containLabel: true },
      xAxis: {
        type: 'category',
        data: periods.map((p) => periodLabel(p, kind, lang)),
        axisLabel: { ...axisText, fontSize: 11, interval: Math.max(0, periods.length - 2), hideOverlap: true },
        axisTick: { show: false },
        axisLine: { lineStyle: { color: LINE } },
      },
      yAxis: { type: 'value', min: 0, max: max || 1, splitNumber: 1, axisLabel: { ...axisText, fontSize: 11, formatter: (v: number) => formatValue(v, lang, type) }, splitLine: { lineStyle: { color: '#e2e2e2' } } },
      series: [{ type: 'line', data: values, connectNulls: false, showSymbol: true, symbolSize: 5, lineStyle: { color: MARK, width: 2 }, itemStyle: { color: MARK } }],
    }),
    [periods, values, max, kind, lang, type],
  );
  const ref = useEChart(option);
  return <div ref={ref} className="chart chart-small" />;
}

/**
 * Small multiples: one small chart per group (Stadtteil), all on the same
 * scale so that they compare at a glance. Hidden from screen readers: the
 * table above holds every figure.
 */
export function SmallMultiples({ periods, max, items, kind, lang, type }: SmallMultiplesProps) {
  return (
    <ul className="small-multiples" aria-hidden="true">
      {items.map((m) => (
        <li key={m.key} className="small-multiple">
          <span className="small-multiple-title">{m.label}</span>
          <SmallChart periods={periods} values={m.values} max={max} kind={kind} lang={lang} type={type} />
        </li>
      ))}
    </ul>
  );
}
