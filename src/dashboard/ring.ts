/**
 * A bounded ring buffer: the dashboard's memory of recent events, attempts and samples stays fixed however
 * much traffic passes (the oldest entry is dropped when a new one does not fit).
 */
export class Ring<T> {
  readonly #items: (T | undefined)[];
  #start = 0;
  #size = 0;
  /** Entries ever pushed (so a reader can ask for what came after a count it saw). */
  #pushed = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, was: ${capacity}`);
    this.#items = new Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** How many entries were ever pushed. */
  get pushed(): number {
    return this.#pushed;
  }

  push(item: T): void {
    const end = (this.#start + this.#size) % this.capacity;
    this.#items[end] = item;
    if (this.#size < this.capacity) this.#size++;
    else this.#start = (this.#start + 1) % this.capacity;
    this.#pushed++;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(this.#start + i) % this.capacity] as T);
    return out;
  }

  /** The entries pushed after the `pushed` count `since` (at most those still held), oldest first. */
  since(since: number): T[] {
    const n = Math.min(this.#size, Math.max(0, this.#pushed - since));
    const out: T[] = [];
    for (let i = this.#size - n; i < this.#size; i++)
      out.push(this.#items[(this.#start + i) % this.capacity] as T);
    return out;
  }

  /** The newest entry, if any. */
  last(): T | undefined {
    return this.#size === 0 ? undefined : this.#items[(this.#start + this.#size - 1) % this.capacity];
  }
}

/** The ring kept under `key` in `map`, made (with `capacity`) on first use. */
export function ringFor<K, T>(map: Map<K, Ring<T>>, key: K, capacity: number): Ring<T> {
  let ring = map.get(key);
  if (!ring) {
    ring = new Ring<T>(capacity);
    map.set(key, ring);
  }
  return ring;
}
