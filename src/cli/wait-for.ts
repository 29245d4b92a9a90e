/**
 * What `ebb wait --for` means: parsing `condition=TYPE[=STATUS]` / `delete`, deciding whether an object
 * meets the condition (not stale: observedGeneration caught up), and explaining why not on timeout.
 */
import type { KObject } from '../api/object.js';
import { CliError } from './errors.js';

export type WaitFor = { delete: true } | { delete: false; condition: string; status: string };

export function parseWaitFor(text: string): WaitFor {
  if (text === 'delete') return { delete: true };
  const m = /^condition=([^=]+)(?:=(.+))?$/i.exec(text);
  if (!m)
    throw new CliError(`unrecognized condition "${text}": use --for condition=TYPE[=STATUS] or --for delete`);
  return { delete: false, condition: m[1]!, status: m[2] ?? 'True' };
}

/** True when the condition has the wanted status and the status is not stale. */
export function conditionMet(obj: KObject, type: string, status = 'True'): boolean {
  const condition = obj.status?.conditions?.find((c) => c.type.toLowerCase() === type.toLowerCase());
  if (!condition || condition.status.toLowerCase() !== status.toLowerCase()) return false;
  const observed = obj.status?.observedGeneration;
  const generation = obj.metadata.generation;
  return observed === undefined || generation === undefined || observed >= generation;
}

/** What the condition says now, for the timeout message. */
export function explain(obj: KObject | undefined, type: string): string | undefined {
  if (!obj) return '  the object was not found';
  const lines: string[] = [];
  const c = obj.status?.conditions?.find((x) => x.type.toLowerCase() === type.toLowerCase());
  if (c)
    lines.push(
      `  ${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`,
    );
  else lines.push(`  no ${type} condition reported yet`);
  const observed = obj.status?.observedGeneration;
  const generation = obj.metadata.generation;
  if (observed !== undefined && generation !== undefined && observed < generation) {
    lines.push(`  status is for generation ${observed}, the object is at generation ${generation}`);
  }
  return lines.join('\n');
}
