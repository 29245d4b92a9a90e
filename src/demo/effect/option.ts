/**
 * The effect chart as one ECharts option, used by both the interactive HTML page and the static SVG, so
 * the two always show the same thing. Three stacked grids share the x axis, the simulated clock: orders
 * per second (produced, stored), replicas (desired and actual per service, a step line; order-service
 * prominent) and produce → stored latency (p50, p99). Meal peaks are shaded in every grid.
 *
 * The option is plain data (no functions), so the page can embed it as JSON. x values are milliseconds
 * since a UTC midnight and the option sets `useUTC`, so ECharts' time axis prints the clock as HH:MM
 * without a formatter function. The page adds its tooltip formatters itself (see html.ts).
 */
import type { EChartsOption, LineSeriesOption, XAXisComponentOption, YAXisComponentOption } from 'echarts';
import { count, DAY_MINUTES, MS_PER_MINUTE, saving } from './format.js';
import { mealPeaks, type PeakRange } from './peaks.js';
import { runLine } from './summary-text.js';
import type { EffectReport, EffectSample } from './types.js';

export interface EffectOptionSettings {
  /** Tooltip with a linked axis pointer and zooming (the HTML page); false for the static image. */
  interactive: boolean;
}

/** Size of the static image, and the page's chart height, px. */
export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 860;

const GRID_TOP = 130;
const GRID_HEIGHT = 180;
const GRID_GAP = 60;
const GRID_LEFT = 70;
const GRID_RIGHT = 40;

const COLORS = {
  produced: '#1c7ed6',
  stored: '#2f9e44',
  primaryService: '#c2255c',
  p50: '#5f3dc4',
  p99: '#f08c00',
  peak: 'rgba(250, 176, 5, 0.12)',
  axis: '#868e96',
};
/** Services after the first are drawn thin and light, in these colours. */
const OTHER_SERVICE_COLORS = ['#74c0fc', '#8ce99a', '#ffc078', '#b197fc', '#adb5bd', '#63e6be'];

type Point = [x: number, y: number | null];

/** Service names in the order first seen (the demo puts order-service first). */
export function serviceNames(samples: readonly EffectSample[]): string[] {
  const names = new Set<string>();
  for (const s of samples) for (const name of Object.keys(s.replicas)) names.add(name);
  return [...names];
}

/** Sample values to two decimals: enough for a chart, and the page embeds every point. */
function round(y: number | null): number | null {
  return y === null ? null : Math.round(y * 100) / 100;
}

function points(samples: readonly EffectSample[], y: (s: EffectSample) => number | null): Point[] {
  return samples.map((s) => [Math.round(s.day * MS_PER_MINUTE), round(y(s))]);
}

function gridTop(i: number): number {
  return GRID_TOP + i * (GRID_HEIGHT + GRID_GAP);
}

/** The shaded meal peaks, as a mark area on the first series of each grid. */
function peakArea(peaks: readonly PeakRange[], labelled: boolean): LineSeriesOption['markArea'] {
  return {
    silent: true,
    itemStyle: { color: COLORS.peak },
    label: { show: labelled, position: 'top', color: COLORS.axis, fontSize: 11 },
    data: peaks.map((p) => [
      { name: 'peak', xAxis: p.from * MS_PER_MINUTE },
      { xAxis: p.to * MS_PER_MINUTE },
    ]),
  };
}

function line(
  name: string,
  grid: number,
  color: string,
  data: Point[],
  extra: Partial<LineSeriesOption> = {},
): LineSeriesOption {
  return {
    type: 'line',
    name,
    xAxisIndex: grid,
    yAxisIndex: grid,
    data,
    color,
    showSymbol: false,
    lineStyle: { width: 1.5, color },
    emphasis: { disabled: true },
    ...extra,
  };
}

/** The first Service's desired and actual replicas, prominent; the others' actual replicas, light. */
function replicaSeries(samples: readonly EffectSample[]): LineSeriesOption[] {
  return serviceNames(samples).flatMap((name, i) => {
    const value = (field: 'desired' | 'actual') => (s: EffectSample) => s.replicas[name]?.[field] ?? null;
    if (i > 0) {
      const color = OTHER_SERVICE_COLORS[(i - 1) % OTHER_SERVICE_COLORS.length]!;
      return [
        line(name, 1, color, points(samples, value('actual')), {
          step: 'end',
          z: 2,
          lineStyle: { width: 1, color, opacity: 0.8 },
        }),
      ];
    }
    const color = COLORS.primaryService;
    return [
      line(`${name} actual`, 1, color, points(samples, value('actual')), {
        step: 'end',
        z: 3,
        lineStyle: { width: 2.5, color },
      }),
      line(`${name} desired`, 1, color, points(samples, value('desired')), {
        step: 'end',
        z: 3,
        lineStyle: { width: 1.5, color, opacity: 0.8, type: 'dashed' },
      }),
    ];
  });
}

/** The day's span: the samples' first and last minute (a day may start at 04:00 and end the next morning). */
function xAxes(samples: readonly EffectSample[]): XAXisComponentOption[] {
  const first = samples[0]?.day ?? 0;
  const last = samples.at(-1)?.day ?? DAY_MINUTES;
  return [0, 1, 2].map((grid) => ({
    type: 'time',
    gridIndex: grid,
    min: Math.floor(first) * MS_PER_MINUTE,
    max: Math.max(Math.ceil(last), Math.floor(first) + 1) * MS_PER_MINUTE,
    splitNumber: 8,
    axisLine: { lineStyle: { color: COLORS.axis } },
    axisLabel: { show: grid === 2, formatter: '{HH}:{mm}', color: '#495057' },
    splitLine: { show: true, lineStyle: { color: '#f1f3f5' } },
  }));
}

function yAxes(): YAXisComponentOption[] {
  return ['orders/s', 'replicas', 'latency ms'].map((name, grid) => ({
    type: 'value',
    gridIndex: grid,
    name,
    nameLocation: 'end',
    nameTextStyle: { color: '#495057', align: 'left' },
    min: 0,
    minInterval: grid === 1 ? 1 : 0,
    axisLabel: { color: '#495057' },
    splitLine: { lineStyle: { color: '#f1f3f5' } },
  }));
}

function title(report: EffectReport): EChartsOption['title'] {
  const s = report.summary;
  return {
    left: GRID_LEFT - 10,
    top: 12,
    text:
      `Food-delivery day on Ebb: ${count(s.produced)} orders, ${count(s.lost)} lost, ` +
      `peak ${count(s.peakReplicas)} replicas, ${saving(s.bill.savingPercent)}`,
    subtext: `${runLine(s)} · replica-seconds ${count(s.bill.replicaSeconds)} vs ${count(
      s.bill.fixedReplicaSeconds,
    )} fixed`,
    textStyle: { fontSize: 18, color: '#212529' },
    subtextStyle: { fontSize: 13, color: '#495057' },
  };
}

export function effectOption(report: EffectReport, settings: EffectOptionSettings): EChartsOption {
  const { samples } = report;
  const peaks = mealPeaks(samples);
  const series: LineSeriesOption[] = [
    line(
      'produced',
      0,
      COLORS.produced,
      points(samples, (s) => s.producedPerSec),
      {
        areaStyle: { opacity: 0.08 },
        markArea: peakArea(peaks, true),
      },
    ),
    line(
      'stored',
      0,
      COLORS.stored,
      points(samples, (s) => s.storedPerSec),
    ),
    ...replicaSeries(samples),
    line(
      'p50',
      2,
      COLORS.p50,
      points(samples, (s) => s.p50Ms),
    ),
    line(
      'p99',
      2,
      COLORS.p99,
      points(samples, (s) => s.p99Ms),
    ),
  ];
  // One mark area per grid: on the first series drawn in grids 1 and 2.
  for (const grid of [1, 2]) {
    const first = series.find((s) => s.xAxisIndex === grid);
    if (first) first.markArea = peakArea(peaks, false);
  }
  // The static image has nothing to hover or toggle.
  if (!settings.interactive) for (const s of series) s.silent = true;
  const option: EChartsOption = {
    animation: false,
    backgroundColor: '#ffffff',
    useUTC: true,
    // Single quotes only: the SVG writer puts the font into a double-quoted style attribute unescaped.
    textStyle: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" },
    title: title(report),
    legend: {
      type: settings.interactive ? 'scroll' : 'plain',
      selectedMode: settings.interactive,
      top: 70,
      left: GRID_LEFT - 10,
      right: GRID_RIGHT,
      icon: 'roundRect',
      itemWidth: 16,
      itemHeight: 4,
      itemGap: 18,
      textStyle: { fontSize: 12 },
    },
    grid: [0, 1, 2].map((i) => ({
      left: GRID_LEFT,
      right: GRID_RIGHT,
      top: gridTop(i),
      height: GRID_HEIGHT,
    })),
    xAxis: xAxes(samples),
    yAxis: yAxes(),
    series,
  };
  if (settings.interactive) {
    option.axisPointer = { link: [{ xAxisIndex: 'all' }] };
    option.tooltip = { trigger: 'axis', axisPointer: { type: 'line', animation: false } };
    option.dataZoom = [
      { type: 'inside', xAxisIndex: [0, 1, 2] },
      { type: 'slider', xAxisIndex: [0, 1, 2], bottom: 14, height: 22 },
    ];
  }
  return option;
}
