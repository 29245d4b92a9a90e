/**
 * The SQLite schema of the resource store and its prepared statements.
 *
 * - `objects`: one row per object; `body` is the object's JSON with its metadata.resourceVersion.
 * - `owners`: owner uid → dependent, one row per ownerReference, for cascading delete.
 * - `changes`: the watch history, one row per resourceVersion ever issued (rvs are contiguous because
 *   only a change consumes one); trimmed to the newest `historyLimit` rows.
 * - `meta`: `resourceVersion` = the highest rv ever issued, so it never goes backwards after trims/deletes.
 */
import type Database from 'better-sqlite3';

export const SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS objects (
  resource TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  uid TEXT NOT NULL,
  rv INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (resource, namespace, name)
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS objects_by_uid ON objects (uid);
CREATE TABLE IF NOT EXISTS owners (
  owner_uid TEXT NOT NULL,
  resource TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (owner_uid, resource, namespace, name)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS owners_by_dependent ON owners (resource, namespace, name);
CREATE TABLE IF NOT EXISTS changes (
  rv INTEGER PRIMARY KEY,
  resource TEXT NOT NULL,
  namespace TEXT NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  prev_labels TEXT
) STRICT;
`;

export interface ObjectRow {
  resource: string;
  namespace: string;
  name: string;
  uid: string;
  rv: number;
  body: string;
}

export interface ChangeRow {
  rv: number;
  resource: string;
  namespace: string;
  type: string;
  body: string;
  prev_labels: string | null;
}

export interface DependentRow {
  resource: string;
  namespace: string;
  name: string;
}

/** Creates the tables of a new database, or checks an existing one was written by a compatible schema. */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`store schema version ${version} is newer than this Ebb understands (${SCHEMA_VERSION})`);
  }
  db.exec(DDL);
  if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

export function prepareStatements(db: Database.Database) {
  const objectColumns = 'resource, namespace, name, uid, rv, body';
  return {
    getObject: db.prepare<[string, string, string], ObjectRow>(
      `SELECT ${objectColumns} FROM objects WHERE resource = ? AND namespace = ? AND name = ?`,
    ),
    uidExists: db.prepare<[string], number>('SELECT 1 FROM objects WHERE uid = ?').pluck(),
    listAll: db.prepare<[string], ObjectRow>(
      `SELECT ${objectColumns} FROM objects WHERE resource = ? ORDER BY namespace, name`,
    ),
    listNamespace: db.prepare<[string, string], ObjectRow>(
      `SELECT ${objectColumns} FROM objects WHERE resource = ? AND namespace = ? ORDER BY name`,
    ),
    snapshotResource: db.prepare<[string], ObjectRow>(
      `SELECT ${objectColumns} FROM objects WHERE resource = ? ORDER BY rv`,
    ),
    snapshotAll: db.prepare<[], ObjectRow>(`SELECT ${objectColumns} FROM objects ORDER BY rv`),
    insertObject: db.prepare<[string, string, string, string, number, string]>(
      'INSERT INTO objects (resource, namespace, name, uid, rv, body) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    updateObject: db.prepare<[number, string, string, string, string]>(
      'UPDATE objects SET rv = ?, body = ? WHERE resource = ? AND namespace = ? AND name = ?',
    ),
    deleteObject: db.prepare<[string, string, string]>(
      'DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?',
    ),
    dependentsOf: db.prepare<[string], DependentRow>(
      'SELECT resource, namespace, name FROM owners WHERE owner_uid = ? ORDER BY resource, namespace, name',
    ),
    insertOwner: db.prepare<[string, string, string, string]>(
      'INSERT OR IGNORE INTO owners (owner_uid, resource, namespace, name) VALUES (?, ?, ?, ?)',
    ),
    deleteOwnersOf: db.prepare<[string, string, string]>(
      'DELETE FROM owners WHERE resource = ? AND namespace = ? AND name = ?',
    ),
    insertChange: db.prepare<[number, string, string, string, string, string | null]>(
      'INSERT INTO changes (rv, resource, namespace, type, body, prev_labels) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    changesAfter: db.prepare<[number], ChangeRow>('SELECT * FROM changes WHERE rv > ? ORDER BY rv'),
    resourceChangesAfter: db.prepare<[number, string], ChangeRow>(
      'SELECT * FROM changes WHERE rv > ? AND resource = ? ORDER BY rv',
    ),
    oldestChange: db.prepare<[], number | null>('SELECT MIN(rv) FROM changes').pluck(),
    trimChanges: db.prepare<[number]>('DELETE FROM changes WHERE rv <= ?'),
    readRv: db
      .prepare<[], number | null>(
        `SELECT MAX(v) FROM (
         SELECT value AS v FROM meta WHERE key = 'resourceVersion'
         UNION ALL SELECT MAX(rv) FROM changes
         UNION ALL SELECT MAX(rv) FROM objects)`,
      )
      .pluck(),
    writeRv: db.prepare<[number]>(
      `INSERT INTO meta (key, value) VALUES ('resourceVersion', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
