/**
 * The effect chart as a static SVG, through ECharts' server-side rendering: no DOM, no canvas, no
 * animation. Only the chart and component kinds the option uses are registered.
 */
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { CHART_HEIGHT, CHART_WIDTH, effectOption } from './option.js';
import type { EffectReport } from './types.js';

echarts.use([LineChart, GridComponent, LegendComponent, MarkAreaComponent, TitleComponent, SVGRenderer]);

export interface SvgSize {
  /** @defaultValue CHART_WIDTH */
  width?: number;
  /** @defaultValue CHART_HEIGHT */
  height?: number;
}

export function renderEffectSvg(report: EffectReport, size: SvgSize = {}): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width ?? CHART_WIDTH,
    height: size.height ?? CHART_HEIGHT,
  });
  try {
    chart.setOption(effectOption(report, { interactive: false }));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
