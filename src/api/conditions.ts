/**
 * Status conditions as knative.dev/pkg/apis manages them: a kind declares its happy condition (Ready) and
 * the dependents that decide it; marking a dependent False makes Ready False with the same reason, all
 * dependents True make Ready True, anything else leaves Ready Unknown. Transition times move only when a
 * condition's status changes.
 */
import type { Condition, Status } from './object.js';

export type ConditionStatus = Condition['status'];

export class ConditionSet {
  constructor(
    readonly happy: string,
    readonly dependents: readonly string[],
  ) {}

  /** Types the set manages, happy first. */
  get types(): string[] {
    return [this.happy, ...this.dependents];
  }

  manage(status: Status, now: () => string = nowRfc3339): ConditionManager {
    return new ConditionManager(this, status, now);
  }
}

export class ConditionManager {
  constructor(
    private readonly set: ConditionSet,
    private readonly status: Status,
    private readonly now: () => string,
  ) {}

  /** Adds every managed condition missing from status as Unknown. */
  initialize(): void {
    for (const type of this.set.types) {
      if (!this.get(type)) this.setCondition({ type, status: 'Unknown' });
    }
  }

  get(type: string): Condition | undefined {
    return this.status.conditions?.find((c) => c.type === type);
  }

  isHappy(): boolean {
    return this.get(this.set.happy)?.status === 'True';
  }

  markTrue(type: string, reason?: string, message?: string): void {
    this.setCondition({
      type,
      status: 'True',
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
    });
    this.recomputeHappy(type);
  }

  markUnknown(type: string, reason: string, message: string): void {
    this.setCondition({ type, status: 'Unknown', reason, message });
    this.recomputeHappy(type);
  }

  markFalse(type: string, reason: string, message: string): void {
    this.setCondition({ type, status: 'False', reason, message });
    this.recomputeHappy(type);
  }

  /** Copies a condition from another object's status (e.g. a Configuration's Ready into a Service). */
  propagate(
    type: string,
    from: Condition | undefined,
    fallbackReason: string,
    fallbackMessage: string,
  ): void {
    if (!from) {
      this.markUnknown(type, fallbackReason, fallbackMessage);
      return;
    }
    const reason = from.reason ?? '';
    const message = from.message ?? '';
    if (from.status === 'True') this.markTrue(type);
    else if (from.status === 'False')
      this.markFalse(type, reason || fallbackReason, message || fallbackMessage);
    else this.markUnknown(type, reason || fallbackReason, message || fallbackMessage);
  }

  private recomputeHappy(changed: string): void {
    if (changed === this.set.happy || !this.set.dependents.includes(changed)) return;
    let unknown: Condition | undefined;
    for (const type of this.set.dependents) {
      const c = this.get(type);
      if (c?.status === 'False') {
        this.setCondition({
          type: this.set.happy,
          status: 'False',
          reason: c.reason ?? '',
          message: c.message ?? '',
        });
        return;
      }
      if (!c || c.status === 'Unknown') unknown ??= c ?? { type, status: 'Unknown' };
    }
    if (unknown) {
      this.setCondition({
        type: this.set.happy,
        status: 'Unknown',
        reason: unknown.reason ?? '',
        message: unknown.message ?? '',
      });
    } else {
      this.setCondition({ type: this.set.happy, status: 'True' });
    }
  }

  private setCondition(next: Condition): void {
    this.status.conditions ??= [];
    const list = this.status.conditions;
    const index = list.findIndex((c) => c.type === next.type);
    const prev = index >= 0 ? list[index] : undefined;
    const cleaned: Condition = { type: next.type, status: next.status };
    if (next.reason) cleaned.reason = next.reason;
    if (next.message) cleaned.message = next.message;
    const same =
      prev &&
      prev.status === cleaned.status &&
      prev.reason === cleaned.reason &&
      prev.message === cleaned.message;
    if (same) return;
    cleaned.lastTransitionTime =
      prev && prev.status === cleaned.status && prev.lastTransitionTime
        ? prev.lastTransitionTime
        : this.now();
    if (index >= 0) list[index] = cleaned;
    else list.push(cleaned);
    list.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  }
}

export function nowRfc3339(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function readyCondition(status: Status | undefined): Condition | undefined {
  return status?.conditions?.find((c) => c.type === 'Ready');
}
