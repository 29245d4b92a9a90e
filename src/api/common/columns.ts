/** Cell helpers for `ebb get` columns: a status field, a label, the Ready condition. */
import type { Column } from '../kind.js';
import type { KObject } from '../object.js';

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

const readyCondition = (obj: KObject) => obj.status?.conditions?.find((c) => c.type === 'Ready');

export const statusColumn = (header: string, field: string): Column => ({
  header,
  value: (obj) => text(obj.status?.[field]),
});

export const labelColumn = (header: string, label: string): Column => ({
  header,
  value: (obj) => text(obj.metadata.labels?.[label]),
});

export const READY_COLUMN: Column = { header: 'READY', value: (obj) => text(readyCondition(obj)?.status) };
export const REASON_COLUMN: Column = { header: 'REASON', value: (obj) => text(readyCondition(obj)?.reason) };
