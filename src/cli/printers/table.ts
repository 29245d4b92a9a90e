/**
 * kubectl-style tables: upper-case headers, columns left-aligned and separated by three spaces, the last
 * column unpadded. `objectTable` builds NAME (NAMESPACE first with -A), the kind's columns, then AGE; a
 * kind whose columns include one headed AGE (kubectl's order for sources: SINK, AGE, READY, REASON) gets
 * the age there instead of at the end.
 */
import type { Column, KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import { age } from '../age.js';

export const COLUMN_GAP = 3;

export interface TableOptions {
  wide?: boolean;
  allNamespaces?: boolean;
  now?: number;
}

/** Aligns rows (the first row is usually the header) into lines. */
export function formatTable(rows: string[][], widths = columnWidths(rows)): string[] {
  return rows.map((row) => formatRow(row, widths));
}

export function columnWidths(rows: string[][]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return widths;
}

export function formatRow(row: string[], widths: number[]): string {
  return row
    .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + COLUMN_GAP)))
    .join('')
    .trimEnd();
}

const isAge = (c: Column): boolean => c.header.toUpperCase() === 'AGE';

export function objectHeaders(def: KindDef, opts: TableOptions = {}): string[] {
  const columns = (def.columns ?? []).filter((c) => opts.wide || !c.wide);
  return [
    ...(opts.allNamespaces && def.namespaced ? ['NAMESPACE'] : []),
    'NAME',
    ...columns.map((c) => c.header.toUpperCase()),
    ...(columns.some(isAge) ? [] : ['AGE']),
  ];
}

export function objectRow(def: KindDef, obj: KObject, opts: TableOptions = {}): string[] {
  const columns = (def.columns ?? []).filter((c) => opts.wide || !c.wide);
  const ageCell = age(obj.metadata.creationTimestamp, opts.now);
  return [
    ...(opts.allNamespaces && def.namespaced ? [obj.metadata.namespace ?? ''] : []),
    obj.metadata.name,
    ...columns.map((c) => (isAge(c) ? ageCell : cell(() => c.value(obj)))),
    ...(columns.some(isAge) ? [] : [ageCell]),
  ];
}

/** A column function must not break the whole table on an unexpected object. */
function cell(value: () => string): string {
  try {
    const text = value();
    return text === undefined || text === null || text === '' ? '' : String(text).replace(/\s*\n\s*/g, ' ');
  } catch {
    return '';
  }
}

export function objectTable(def: KindDef, objects: KObject[], opts: TableOptions = {}): string[] {
  return formatTable([objectHeaders(def, opts), ...objects.map((o) => objectRow(def, o, opts))]);
}
