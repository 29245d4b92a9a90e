/**
 * Per-message-group order for FIFO topics. RocketMQ hands out a FIFO queue's messages in order and holds
 * the queue until they are acknowledged; the adapter keeps that order on its side by chaining the messages
 * of one group — each is delivered only after the one before it settled — while different groups (and
 * messages without a group) run concurrently.
 *
 * When a delivery fails, its message goes back to RocketMQ with a backoff, and the group's messages that
 * were already received behind it must go back too, undelivered, or they would overtake it. `failed()`
 * marks that point: every message of the group received before it is returned; a message received after it
 * is RocketMQ's redelivery, in order again.
 */

export class GroupSequencer {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly failedAt = new Map<string, number>();
  private received = 0;

  /** Stamps a newly received message (the order in which messages arrived). */
  stamp(): number {
    return ++this.received;
  }

  /** Runs `task` after every earlier task of `group`; tasks without a group run at once. */
  run(group: string | undefined, task: () => Promise<void>): void {
    if (!group) {
      void settle(task);
      return;
    }
    const next = (this.tails.get(group) ?? Promise.resolve()).then(() => settle(task));
    this.tails.set(group, next);
    void next.then(() => {
      if (this.tails.get(group) === next) {
        this.tails.delete(group);
        this.failedAt.delete(group);
      }
    });
  }

  /** Records that a delivery of `group` failed: messages stamped up to now must not be delivered. */
  failed(group: string): void {
    this.failedAt.set(group, this.received);
  }

  /** Whether a message of `group` stamped `stamp` arrived before the group's last failure. */
  behindFailure(group: string, stamp: number): boolean {
    const at = this.failedAt.get(group);
    return at !== undefined && stamp <= at;
  }
}

/** Runs `task` to its end without ever rejecting: a task reports its own failure (the adapter logs it). */
function settle(task: () => Promise<void>): Promise<void> {
  try {
    return task().catch(() => undefined);
  } catch {
    return Promise.resolve();
  }
}
