/**
 * Reading the watch history: which changes a watch from resourceVersion X must replay, or why it cannot
 * (410 Gone when the history was trimmed past X, as etcd compaction does; 504 when X is in the future).
 */
import type { KObject } from '../api/object.js';
import { ApiError, badRequest } from '../errors.js';
import type { ChangeRow, ObjectRow, Statements } from './schema.js';
import type { WatchEventType } from './types.js';
import type { Change } from './watch-hub.js';

/** resourceVersions are decimal integers; anything else is a 400. */
export function parseResourceVersion(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw badRequest(`invalid resourceVersion "${value}": must be a decimal integer`);
  }
  return Number(value);
}

export const parseBody = (row: ObjectRow) => JSON.parse(row.body) as KObject;

function changeFromRow(row: ChangeRow): Change {
  return {
    rv: row.rv,
    type: row.type as WatchEventType,
    resource: row.resource,
    namespace: row.namespace,
    body: row.body,
    prevLabels: row.prev_labels === null ? undefined : JSON.parse(row.prev_labels),
  };
}

/**
 * The changes to `resource` ('*' = all) after `from`, in rv order, given the store is at `current`.
 * `from` = 0 with an incomplete history yields one synthetic ADDED per existing object, oldest rv first.
 */
export function changesSince(stmts: Statements, resource: string, from: number, current: number): Change[] {
  if (from > current) {
    throw new ApiError(504, 'Timeout', `Too large resource version: ${from}, current: ${current}`, {
      retryAfterSeconds: 1,
    });
  }
  const oldest = stmts.oldestChange.get() ?? current + 1;
  if (from < oldest - 1) {
    if (from !== 0) throw new ApiError(410, 'Gone', `too old resource version: ${from} (${oldest - 1})`);
    const rows = resource === '*' ? stmts.snapshotAll.all() : stmts.snapshotResource.all(resource);
    return rows.map(({ rv, resource, namespace, body }) => ({
      rv,
      type: 'ADDED',
      resource,
      namespace,
      body,
    }));
  }
  const rows =
    resource === '*' ? stmts.changesAfter.all(from) : stmts.resourceChangesAfter.all(from, resource);
  return rows.map(changeFromRow);
}
