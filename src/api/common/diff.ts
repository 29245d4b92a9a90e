/**
 * A short `-old +new` diff of two JSON values by leaf path, the detail Knative attaches to
 * "Immutable fields changed (-old +new)".
 */
import { isPlainObject } from '../object.js';

export function shortDiff(oldValue: unknown, newValue: unknown): string {
  const lines: string[] = [];
  walk(oldValue, newValue, '', lines);
  return lines.join('\n');
}

export const jsonEqual = (a: unknown, b: unknown): boolean => shortDiff(a, b) === '';

function walk(a: unknown, b: unknown, path: string, out: string[]): void {
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) walk(a[key], b[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const at = path || '{}';
  if (a !== undefined) out.push(`-: ${at}: ${JSON.stringify(a)}`);
  if (b !== undefined) out.push(`+: ${at}: ${JSON.stringify(b)}`);
}
