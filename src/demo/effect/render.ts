/**
 * Writes the food-delivery demo's effect report into a folder: the interactive chart (effect.html), the
 * same chart as a static image (effect.svg), the summary (summary.json) and the raw samples (samples.json).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderEffectHtml } from './html.js';
import { renderEffectSvg } from './svg.js';
import type { EffectReport, EffectSample } from './types.js';

export interface EffectFiles {
  html: string;
  svg: string;
  /** summary.json; samples.json sits next to it. */
  json: string;
}

/** One sample per line: valid JSON that still diffs and greps well. */
function samplesJson(samples: readonly EffectSample[]): string {
  if (samples.length === 0) return '[]\n';
  return `[\n${samples.map((s) => JSON.stringify(s)).join(',\n')}\n]\n`;
}

export async function writeEffect(dir: string, report: EffectReport): Promise<EffectFiles> {
  await mkdir(dir, { recursive: true });
  const files: EffectFiles = {
    html: join(dir, 'effect.html'),
    svg: join(dir, 'effect.svg'),
    json: join(dir, 'summary.json'),
  };
  await Promise.all([
    writeFile(files.html, renderEffectHtml(report)),
    writeFile(files.svg, renderEffectSvg(report)),
    writeFile(files.json, `${JSON.stringify(report.summary, null, 2)}\n`),
    writeFile(join(dir, 'samples.json'), samplesJson(report.samples)),
  ]);
  return files;
}
