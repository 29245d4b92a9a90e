/**
 * Weighted random choice of a revision by percent, as Knative's ingress splits a Route's traffic. Targets
 * with 0% never get a request; percents need not sum to 100 (they are weights). Precomputed once per
 * `setRoute`, so a pick is one random number and a scan of a handful of entries.
 */
import type { RevisionKey, RouteTarget } from '../types.js';

export class TrafficSplit {
  readonly #revisions: RevisionKey[] = [];
  /** Running sums of the weights, same order as #revisions. */
  readonly #bounds: number[] = [];
  readonly #total: number;

  constructor(targets: readonly RouteTarget[]) {
    const weights = new Map<RevisionKey, number>();
    for (const t of targets) {
      if (!(t.percent > 0)) continue;
      weights.set(t.revision, (weights.get(t.revision) ?? 0) + t.percent);
    }
    let sum = 0;
    for (const [revision, weight] of weights) {
      sum += weight;
      this.#revisions.push(revision);
      this.#bounds.push(sum);
    }
    this.#total = sum;
  }

  /** True when no target has a percent above 0. */
  get empty(): boolean {
    return this.#revisions.length === 0;
  }

  /** The revision for one request; `random` in [0, 1). Undefined only when the split is empty. */
  pick(random: number = Math.random()): RevisionKey | undefined {
    const revisions = this.#revisions;
    if (revisions.length <= 1) return revisions[0];
    const x = random * this.#total;
    const bounds = this.#bounds;
    for (let i = 0; i < bounds.length - 1; i++) if (x < bounds[i]!) return revisions[i];
    return revisions[revisions.length - 1];
  }
}
