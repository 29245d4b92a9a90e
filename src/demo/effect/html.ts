/**
 * The effect chart as one self-contained HTML page: the ECharts library (its minified "common" build,
 * which has the line chart, grids, tooltip, data zoom and mark areas), the chart option with all the data,
 * and the summary table are inlined, so the file opens from disk with no network.
 *
 * The option is the one the SVG uses (option.ts). Only what needs functions is added in the page: the
 * tooltip (clock and units per grid) and the clock on the axis pointer and zoom slider labels.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { clock } from './format.js';
import { CHART_HEIGHT, effectOption } from './option.js';
import { conservationCheck, runLine, summaryRows } from './summary-text.js';
import type { EffectReport } from './types.js';

/** The ECharts build the page inlines, resolved through the package's exports. */
export const ECHARTS_DIST = 'echarts/dist/echarts.common.min.js';

let library: string | undefined;

/** The minified ECharts library, read from node_modules once. */
export function echartsLibrary(): string {
  library ??= readFileSync(createRequire(import.meta.url).resolve(ECHARTS_DIST), 'utf8');
  return library;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text that goes inside a <script> element: `</script` and `<!--` must not appear. */
function scriptText(text: string): string {
  return text.replace(/<(?=\/script|!--)/gi, '\\x3c');
}

/** JSON safe inside a <script> element: every `<` escaped. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The page's script. `clock` is inlined from format.ts by its source, so it must stay self-contained
 * (no imports, no closures); the units per grid follow option.ts's grid order.
 */
function bootScript(): string {
  return `${clock.toString()}
const option = JSON.parse(document.getElementById('effect-option').textContent);
const hhmm = (ms) => clock(ms / ${60_000});
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const units = [' /s', '', ' ms'];
const esc = (t) => String(t).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
option.tooltip.formatter = (params) => {
  const list = Array.isArray(params) ? params : [params];
  if (list.length === 0) return '';
  const rows = list
    .filter((p) => p.value[1] !== null && p.value[1] !== undefined)
    .map((p) => {
      const grid = option.series[p.seriesIndex].xAxisIndex;
      return p.marker + esc(p.seriesName) + ' <b>' + number.format(p.value[1]) + units[grid] + '</b>';
    });
  return '<b>' + hhmm(list[0].axisValue) + '</b><br>' + rows.join('<br>');
};
for (const axis of option.xAxis) axis.axisPointer = { label: { formatter: (p) => hhmm(p.value) } };
for (const zoom of option.dataZoom) if (zoom.type === 'slider') zoom.labelFormatter = (value) => hhmm(value);
const chart = echarts.init(document.getElementById('chart'), null, { renderer: 'canvas' });
chart.setOption(option);
addEventListener('resize', () => chart.resize());
`;
}

function summaryTable(report: EffectReport): string {
  const rows = summaryRows(report.summary)
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  return `<section id="summary">
<p>${escapeHtml(runLine(report.summary))}</p>
<table>
${rows}
</table>
<p class="check">${escapeHtml(conservationCheck(report.summary))}</p>
</section>`;
}

const STYLE = `body { margin: 0; padding: 16px 24px; font: 14px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: #212529; background: #fff; }
#chart { width: 100%; max-width: 1400px; height: ${CHART_HEIGHT}px; }
#summary { max-width: 1100px; margin: 8px 0 0 60px; }
#summary table { border-collapse: collapse; }
#summary th { text-align: left; font-weight: normal; color: #495057; padding: 2px 24px 2px 0; white-space: nowrap; }
#summary td { font-variant-numeric: tabular-nums; padding: 2px 0; }
#summary .check { font-weight: 600; }`;

export function renderEffectHtml(report: EffectReport): string {
  const option = effectOption(report, { interactive: true });
  const title = `Ebb food-delivery day: ${runLine(report.summary)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${STYLE}
</style>
</head>
<body>
<div id="chart"></div>
${summaryTable(report)}
<script>
${scriptText(echartsLibrary())}
</script>
<script type="application/json" id="effect-option">${scriptJson(option)}</script>
<script>
${scriptText(bootScript())}
</script>
</body>
</html>
`;
}
