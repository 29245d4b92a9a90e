/**
 * `ebb describe` text, shaped like kubectl describe: metadata lines, the object's body as indented YAML
 * (Secret values reduced to key names and byte counts), Status, a Conditions table, and for Services and
 * Configurations their most recent Revisions. `Source Dir` is the folder of the manifest the object was
 * applied from, where a revision's relative paths start.
 */
import type { KObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { SOURCE_DIR_ANNOTATION } from '../../api/serving/index.js';
import { age } from '../age.js';
import { isSecret, secretDataSizes } from '../redact.js';
import { toYaml } from './output.js';
import { formatTable } from './table.js';

export const CONFIGURATION_GENERATION_LABEL = 'serving.knative.dev/configurationGeneration';
export const MAX_DESCRIBED_REVISIONS = 5;

export interface DescribeOptions {
  /** Revisions to list (already fetched), for a Service or Configuration. */
  revisions?: KObject[];
  now?: number;
}

const SKIPPED_TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata', 'status']);

export function renderDescribe(obj: KObject, opts: DescribeOptions = {}): string {
  const now = opts.now ?? Date.now();
  const meta = obj.metadata;
  const fields: Array<[string, string[]]> = [['Name', [meta.name]]];
  if (meta.namespace) fields.push(['Namespace', [meta.namespace]]);
  fields.push(['Labels', pairs(meta.labels, '=')]);
  fields.push(['Annotations', pairs(meta.annotations, ': ')]);
  fields.push(['API Version', [obj.apiVersion]]);
  fields.push(['Kind', [obj.kind]]);
  const sourceDir = meta.annotations?.[SOURCE_DIR_ANNOTATION] ?? templateSourceDir(obj);
  if (sourceDir) fields.push(['Source Dir', [sourceDir]]);
  if (meta.creationTimestamp)
    fields.push(['Created', [`${meta.creationTimestamp} (${age(meta.creationTimestamp, now)} ago)`]]);
  if (meta.deletionTimestamp) fields.push(['Deleting', [meta.deletionTimestamp]]);
  if (meta.generation !== undefined) fields.push(['Generation', [String(meta.generation)]]);
  if (obj.status?.observedGeneration !== undefined) {
    fields.push(['Observed Generation', [String(obj.status.observedGeneration)]]);
  }
  const body = Object.keys(obj).filter(
    (key) => !SKIPPED_TOP_LEVEL.has(key) && !(isSecret(obj) && (key === 'data' || key === 'stringData')),
  );
  const scalar = (key: string) => obj[key] !== null && typeof obj[key] !== 'object';
  for (const key of body.filter(scalar)) fields.push([titleCase(key), [String(obj[key])]]);
  const width = Math.max(...fields.map(([label]) => label.length)) + 3;
  const lines: string[] = [];
  for (const [label, values] of fields) {
    values.forEach((v, i) => {
      lines.push(`${(i === 0 ? `${label}:` : '').padEnd(width)}${v}`.trimEnd());
    });
  }

  for (const key of body) if (!scalar(key)) lines.push(...section(titleCase(key), obj[key]));
  if (isSecret(obj)) lines.push(...secretData(obj));

  const { conditions, observedGeneration: _observed, ...status } = obj.status ?? {};
  if (Object.keys(status).length > 0) lines.push(...section('Status', status));
  if (Array.isArray(conditions) && conditions.length > 0) {
    lines.push('Conditions:');
    const readyFirst = [...conditions].sort(
      (a, b) => Number(b.type === 'Ready') - Number(a.type === 'Ready'),
    );
    const rows = readyFirst.map((c) => [
      c.type,
      c.status,
      c.reason ?? '',
      c.message ?? '',
      c.lastTransitionTime ? age(c.lastTransitionTime, now) : '',
    ]);
    lines.push(...formatTable([['TYPE', 'STATUS', 'REASON', 'MESSAGE', 'AGE'], ...rows]).map(indent));
  }
  if (opts.revisions) lines.push(...revisionsSection(obj, opts.revisions, now));
  return `${lines.join('\n')}\n`;
}

/** The newest revisions first, by their configurationGeneration label. */
export function recentRevisions(revisions: KObject[], limit = MAX_DESCRIBED_REVISIONS): KObject[] {
  const generation = (r: KObject) => Number(r.metadata.labels?.[CONFIGURATION_GENERATION_LABEL] ?? 0) || 0;
  return [...revisions].sort((a, b) => generation(b) - generation(a)).slice(0, limit);
}

function revisionsSection(owner: KObject, revisions: KObject[], now: number): string[] {
  if (revisions.length === 0) return ['Revisions:  <none>'];
  const traffic: any[] = Array.isArray(owner.status?.traffic) ? (owner.status.traffic as any[]) : [];
  const rows = recentRevisions(revisions).map((rev) => {
    const targets = traffic.filter((t) => t?.revisionName === rev.metadata.name);
    const percent = targets.reduce((sum, t) => sum + (Number(t.percent) || 0), 0);
    const tags = targets.map((t) => t.tag).filter(Boolean);
    const ready = rev.status?.conditions?.find((c) => c.type === 'Ready');
    return [
      rev.metadata.name,
      rev.metadata.labels?.[CONFIGURATION_GENERATION_LABEL] ?? '',
      targets.length > 0 ? `${percent}%` : '',
      tags.join(','),
      ready?.status ?? 'Unknown',
      ready?.reason ?? '',
      age(rev.metadata.creationTimestamp, now),
    ];
  });
  const header = ['NAME', 'GENERATION', 'TRAFFIC', 'TAGS', 'READY', 'REASON', 'AGE'];
  return ['Revisions:', ...formatTable([header, ...rows]).map(indent)];
}

function templateSourceDir(obj: KObject): string | undefined {
  const value = obj.spec?.template?.metadata?.annotations?.[SOURCE_DIR_ANNOTATION];
  return typeof value === 'string' ? value : undefined;
}

function secretData(obj: KObject): string[] {
  const sizes = secretDataSizes(obj);
  if (sizes.length === 0) return ['Data:  <none>'];
  const width = Math.max(...sizes.map(([k]) => k.length)) + 3;
  return ['Data:', ...sizes.map(([key, n]) => `  ${`${key}:`.padEnd(width)}${n} bytes`)];
}

function section(title: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!isPlainObject(value) && !Array.isArray(value)) return [`${title}:  ${String(value)}`];
  if (Object.keys(value).length === 0) return [`${title}:  <none>`];
  return [`${title}:`, ...toYaml(value).trimEnd().split('\n').map(indent)];
}

function pairs(map: Record<string, string> | undefined, sep: string): string[] {
  const keys = Object.keys(map ?? {}).sort();
  return keys.length === 0 ? ['<none>'] : keys.map((k) => `${k}${sep}${map![k]}`);
}

const indent = (line: string): string => (line ? `  ${line}` : line);

/** `roleRef` → `Role Ref`, `spec` → `Spec`. */
const titleCase = (key: string): string =>
  key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
