import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { echartsLibrary } from './html.js';
import { type EffectFiles, writeEffect } from './render.js';
import { syntheticReport } from './testing.js';

const report = syntheticReport();
let dir = '';
let files: EffectFiles;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ebb-effect-'));
  files = await writeEffect(join(dir, 'report'), report);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A small well-formedness check, enough for what ECharts writes: every tag's attributes are quoted, tags
 * nest and close, `&` only starts an entity, CDATA sections end. (A stray `"` inside an attribute, say a
 * quoted font name, breaks the file.)
 */
function assertWellFormedXml(xml: string): void {
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  const bareAmpersand = /&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/;
  const open: string[] = [];
  let at = 0;
  for (let lt = xml.indexOf('<'); lt >= 0; lt = xml.indexOf('<', at)) {
    assert.doesNotMatch(xml.slice(at, lt), bareAmpersand, `bare & in text before ${lt}`);
    if (xml.startsWith('<![CDATA[', lt)) {
      at = xml.indexOf(']]>', lt) + 3;
      assert.ok(at > lt, `unterminated CDATA at ${lt}`);
      continue;
    }
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    assert.ok(m, `malformed tag at ${lt}: ${xml.slice(lt, lt + 160)}`);
    assert.doesNotMatch(m[3]!, bareAmpersand, `bare & in attributes at ${lt}`);
    if (m[1]) assert.equal(open.pop(), m[2], `closing </${m[2]}> at ${lt}`);
    else if (!m[4]) open.push(m[2]!);
    at = tag.lastIndex;
  }
  assert.equal(xml.slice(at).trim(), '', 'text after the root element');
  assert.deepEqual(open, [], 'unclosed elements');
}

function scripts(html: string): { attrs: string; body: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({
    attrs: m[1]!,
    body: m[2]!,
  }));
}

function embeddedOption(html: string): any {
  const json = scripts(html).find((s) => s.attrs.includes('id="effect-option"'));
  assert.ok(json, 'the option is embedded as JSON');
  return JSON.parse(json.body);
}

test('effect report - writes effect.html, effect.svg, summary.json and samples.json', () => {
  assert.deepEqual(files, {
    html: join(dir, 'report', 'effect.html'),
    svg: join(dir, 'report', 'effect.svg'),
    json: join(dir, 'report', 'summary.json'),
  });
  assert.deepEqual(JSON.parse(readFileSync(files.json, 'utf8')), report.summary);
  const samples = JSON.parse(readFileSync(join(dir, 'report', 'samples.json'), 'utf8'));
  assert.deepEqual(samples, report.samples);
});

test('effect report - the SVG is a standalone, well-formed image with the series and HH:MM labels', () => {
  const svg = readFileSync(files.svg, 'utf8');
  assert.ok(svg.startsWith('<svg'), svg.slice(0, 80));
  assert.match(svg.slice(0, svg.indexOf('>')), /\sxmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assertWellFormedXml(svg);
  const labels = [...svg.matchAll(/>(\d\d:\d\d)<\/text>/g)].map((m) => m[1]);
  for (const label of ['00:00', '06:00', '12:00', '18:00'])
    assert.ok(labels.includes(label), `${label} label`);
  // produced, stored, order-service desired and actual, one per other service, p50, p99: each a stroked path through many of the day's 600 points.
  const lines = [...svg.matchAll(/<path d="([^"]*)" fill="none"/g)].filter(
    (m) => m[1]!.split('L').length > 100,
  );
  assert.equal(lines.length, 7, 'series lines');
  assert.match(svg, /12,345 orders, 0 lost, peak 14 replicas, 85% saved/);
  assert.doesNotMatch(svg, /<animate|@keyframes/, 'no animation');
});

test('effect report - the HTML page is self-contained: the library and the data inline, nothing fetched', () => {
  const html = readFileSync(files.html, 'utf8');
  assert.doesNotMatch(html, /<script[^>]*\ssrc=/i);
  assert.doesNotMatch(html, /<link\b/i);
  assert.doesNotMatch(html, /@import|url\(\s*['"]?https?:/i);
  const library = echartsLibrary();
  assert.ok(library.length > 100_000, 'the minified ECharts build');
  assert.ok(
    scripts(html).some((s) => s.body.includes(library)),
    'ECharts inlined in a script element',
  );
  const option = embeddedOption(html);
  assert.equal(option.series.length, 2 + 3 + 2);
  const produced = option.series.find((s: any) => s.name === 'produced');
  assert.equal(produced.data.length, report.samples.length);
  const busiest = report.samples.reduce((a, b) => (b.producedPerSec > a.producedPerSec ? b : a));
  assert.ok(
    produced.data.some(([x, y]: [number, number]) => x === Math.round(busiest.day * 60_000) && y > 79),
    'the busiest sample is in the data',
  );
  assert.match(html, /<th>orders produced<\/th><td>12,345<\/td>/);
  assert.match(html, /produced = stored \+ duplicates \+ dead-lettered ✓/);
});

test('effect report - the page script draws the option with a clock in the tooltip', () => {
  const html = readFileSync(files.html, 'utf8');
  const boot = scripts(html).at(-1)!.body;
  const option = embeddedOption(html);
  let drawn: any;
  const context = {
    document: {
      getElementById: (id: string) => (id === 'effect-option' ? { textContent: JSON.stringify(option) } : {}),
    },
    echarts: { init: () => ({ setOption: (o: unknown) => (drawn = o), resize() {} }) },
    addEventListener() {},
    Intl,
  };
  runInNewContext(boot, context);
  assert.ok(drawn, 'setOption was called');
  const noon = 12 * 60 * 60_000;
  const text: string = drawn.tooltip.formatter([
    { seriesIndex: 0, seriesName: 'produced', marker: '•', axisValue: noon, value: [noon, 12.34] },
    { seriesIndex: 5, seriesName: 'p50', marker: '•', axisValue: noon, value: [noon, 48] },
    { seriesIndex: 6, seriesName: 'p99', marker: '•', axisValue: noon, value: [noon, null] },
  ]);
  assert.equal(text, '<b>12:00</b><br>•produced <b>12.3 /s</b><br>•p50 <b>48 ms</b>');
  assert.equal(drawn.xAxis[2].axisPointer.label.formatter({ value: noon + 30 * 60_000 }), '12:30');
});
