/**
 * Keeps Secret values off the page: every Secret's values (as stored, base64, and decoded) are collected
 * from the store's watch, and every string in what the dashboard sends — JSON answers and server-sent events
 * alike — has each of them replaced by `REDACTED` on its way out. The views never copy a Secret or an env value
 * to begin with; this catches what a replica logs or an event carries.
 */
import type { KObject } from '../api/object.js';
import type { ResourceStore, Watcher } from '../store/types.js';

export const REDACTED = 'REDACTED';
/** Shorter values are not scrubbed (they would blank out ordinary words and numbers). */
export const MIN_SECRET_LENGTH = 4;

/** The values of one Secret worth scrubbing: `data` (base64 and decoded) and `stringData`. */
export function secretValues(secret: KObject): string[] {
  const out: string[] = [];
  const data = secret.data;
  if (data && typeof data === 'object') {
    for (const v of Object.values(data as Record<string, unknown>)) {
      if (typeof v !== 'string') continue;
      out.push(v);
      const decoded = Buffer.from(v, 'base64').toString('utf8');
      out.push(decoded, ...decoded.split(/\r?\n/).map((l) => l.trim()));
    }
  }
  const stringData = secret.stringData;
  if (stringData && typeof stringData === 'object') {
    for (const v of Object.values(stringData as Record<string, unknown>))
      if (typeof v === 'string') out.push(v);
  }
  return out.filter((v) => v.length >= MIN_SECRET_LENGTH);
}

/** Replaces every occurrence of each value (longest first) in `text`. */
export function scrubText(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of values) if (out.includes(v)) out = out.split(v).join(REDACTED);
  return out;
}

/**
 * A copy of `value` with every string in it (object keys too) scrubbed. Strings, not the JSON text, so a
 * value that looks like a number or `true` cannot break the JSON the page parses.
 */
export function scrubValue(value: unknown, values: readonly string[]): unknown {
  if (typeof value === 'string') return scrubText(value, values);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, values));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[scrubText(k, values)] = scrubValue(v, values);
    return out;
  }
  return value;
}

export class SecretScrubber {
  readonly #bySecret = new Map<string, string[]>();
  #values: string[] = [];
  readonly #watcher: Watcher;

  constructor(store: ResourceStore) {
    const listed = store.list('secrets');
    for (const s of listed.items) this.#set(s);
    this.#rebuild();
    this.#watcher = store.watch('secrets', { resourceVersion: listed.resourceVersion }, (e) => {
      if (e.type === 'DELETED') this.#bySecret.delete(keyOf(e.object));
      else this.#set(e.object);
      this.#rebuild();
    });
  }

  /** The JSON of `value` with Secret values replaced in every string. */
  json(value: unknown): string {
    return JSON.stringify(this.#values.length === 0 ? value : scrubValue(value, this.#values));
  }

  close(): void {
    this.#watcher.close();
  }

  #set(secret: KObject): void {
    this.#bySecret.set(keyOf(secret), secretValues(secret));
  }

  #rebuild(): void {
    this.#values = [...new Set([...this.#bySecret.values()].flat())].sort((a, b) => b.length - a.length);
  }
}

const keyOf = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
