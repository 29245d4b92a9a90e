/**
 * Test support: reads the CloudEvents conformance samples (the conformance tool's YAML events and the
 * sdk-go/Gherkin HTTP binding feature) at test time and turns them into HTTP requests. The samples live
 * outside the package (`shared/data/cloudevents-conformance/`, found by walking up from this file, or
 * `$EBB_CE_CONFORMANCE_DIR`) and are never copied into sources.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { isJsonContentType } from './attributes.js';
import { percentEncode } from './write.js';

export interface YamlSample {
  /** file#index plus the sample's comment, for test names. */
  name: string;
  /** The sample's own mode, when it has one; otherwise both modes apply. */
  mode: 'binary' | 'structured' | undefined;
  /** Context attributes and extensions, as the strings the YAML holds. */
  attributes: Record<string, string>;
  /** HTTP headers that are not event attributes (`TransportExtensions`). */
  transport: Record<string, string>;
  data: string | undefined;
}

export interface FeatureCase {
  name: string;
  headers: Record<string, string>;
  body: Buffer;
  attributes: Record<string, string>;
  dataJson: unknown;
}

/** The samples folder, or undefined when this checkout has none (the tests then skip). */
export function conformanceDir(): string | undefined {
  const fromEnv = process.env.EBB_CE_CONFORMANCE_DIR;
  if (fromEnv) return fromEnv;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'data', 'cloudevents-conformance');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

const strings = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );

/** Every event in the YAML files; the failsafe schema keeps `specversion: 1.0` the string "1.0". */
export function yamlSamples(dir: string): YamlSample[] {
  const samples: YamlSample[] = [];
  for (const file of ['v1.yaml', 'v1_minimum.yaml']) {
    const documents = parseAllDocuments(readFileSync(join(dir, file), 'utf8'), { schema: 'failsafe' });
    documents.forEach((document, i) => {
      const doc = document.toJS() as Record<string, unknown>;
      const { Extensions, ...context } = (doc.ContextAttributes ?? {}) as Record<string, unknown>;
      const mode = String(doc.Mode ?? '').toLowerCase();
      samples.push({
        name: `${file}#${i}${document.commentBefore ? ` (${document.commentBefore.trim()})` : ''}`,
        mode: mode === 'binary' || mode === 'structured' ? mode : undefined,
        attributes: { ...strings(context), ...strings(Extensions) },
        transport: strings(doc.TransportExtensions),
        data: doc.Data === undefined ? undefined : String(doc.Data),
      });
    });
  }
  return samples;
}

/** Binary mode as the HTTP binding writes it: `ce-` headers percent-encoded, datacontenttype as Content-Type. */
export function binaryRequest(
  sample: YamlSample,
  encode = true,
): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { ...sample.transport };
  for (const [name, value] of Object.entries(sample.attributes)) {
    if (name === 'datacontenttype') headers['content-type'] = value;
    else headers[`ce-${name}`] = encode ? percentEncode(value) : value;
  }
  return { headers, body: sample.data ?? '' };
}

/** The data as the JSON event format embeds it: a JSON value for JSON (or absent) types, else a string. */
export function structuredData(sample: YamlSample): unknown {
  if (sample.data === undefined) return undefined;
  const type = sample.attributes.datacontenttype;
  return type === undefined || isJsonContentType(type) ? JSON.parse(sample.data) : sample.data;
}

export function structuredRequest(sample: YamlSample): { headers: Record<string, string>; body: string } {
  const event: Record<string, unknown> = { ...sample.attributes };
  if (sample.data !== undefined) event.data = structuredData(sample);
  return {
    headers: { ...sample.transport, 'content-type': 'application/cloudevents+json; charset=utf-8' },
    body: JSON.stringify(event),
  };
}

/** The Gherkin feature's scenario outlines, one case per example row. */
export function featureCases(dir: string): FeatureCase[] {
  const text = readFileSync(join(dir, 'http-protocol-binding.feature'), 'utf8');
  const cases: FeatureCase[] = [];
  for (const scenario of text.split(/^\s*Scenario Outline:\s*/m).slice(1)) {
    const title = scenario.slice(0, scenario.indexOf('\n')).trim();
    const docs = [...scenario.matchAll(/^([ \t]*)"""\n([\s\S]*?)\n[ \t]*"""/gm)].map(([, indent, body]) =>
      body!
        .split('\n')
        .map((line) => (line.startsWith(indent!) ? line.slice(indent!.length) : line.trimStart()))
        .join('\n'),
    );
    const [request, dataJson] = docs as [string, string];
    const [attributeRows, exampleRows] = scenario
      .split(/^\s*Examples:\s*$/m)
      .map((part) =>
        [...part.matchAll(/^\s*\|(.*)\|\s*$/gm)].map((m) => m[1]!.split('|').map((c) => c.trim())),
      );
    for (const [example] of exampleRows!.slice(1)) {
      const fill = (s: string) => s.replaceAll('<contentType>', example!);
      const [head, ...rest] = fill(request).split('\n\n');
      const headers: Record<string, string> = {};
      for (const line of head!.split('\n').slice(1)) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      cases.push({
        name: `${title.replace('<contentType>', example!)}`,
        headers,
        body: Buffer.from(rest.join('\n\n')),
        attributes: Object.fromEntries(attributeRows!.slice(1).map(([k, v]) => [k!, fill(v!)])),
        dataJson: JSON.parse(dataJson),
      });
    }
  }
  return cases;
}
