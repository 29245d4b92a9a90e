/**
 * The per-revision FIFO of requests waiting for a replica slot. Intrusive (the waiter carries its own
 * links), so queueing allocates nothing and a waiter whose client went away leaves in O(1).
 */

export interface QueueLinks {
  prev: QueueLinks | null;
  next: QueueLinks | null;
  queued: boolean;
}

export class WaitQueue<T extends QueueLinks> {
  #head: T | null = null;
  #tail: T | null = null;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    item.prev = this.#tail;
    item.next = null;
    item.queued = true;
    if (this.#tail) this.#tail.next = item;
    else this.#head = item;
    this.#tail = item;
    this.#length++;
  }

  shift(): T | undefined {
    const item = this.#head;
    if (!item) return undefined;
    this.remove(item);
    return item;
  }

  /** Takes the item out wherever it is; a no-op when it is not queued. */
  remove(item: T): void {
    if (!item.queued) return;
    if (item.prev) item.prev.next = item.next;
    else this.#head = item.next as T | null;
    if (item.next) item.next.prev = item.prev;
    else this.#tail = item.prev as T | null;
    item.prev = null;
    item.next = null;
    item.queued = false;
    this.#length--;
  }
}
