/**
 * Counter and histogram families for the data path, registered in a prom-client Registry and rendered by
 * it. prom-client's own `inc(labels)`/`observe(labels)` validate and hash the label object on every call;
 * here a caller asks a family for a child once per label combination (and keeps it, usually in nested Maps
 * keyed by the values it already has), after which counting is `child.value++` and observing is one bucket
 * search. Children live as long as the family, as Knative's OpenCensus views keep every series they saw.
 */
import type { Registry } from 'prom-client';

/** What prom-client's Registry reads from a metric (its own types for this are not exported). */
interface MetricValue {
  labels: Readonly<Record<string, string>>;
  value: number;
  metricName?: string;
}

interface MetricData {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: MetricValue[];
}

export interface CounterChild {
  value: number;
}

export interface HistogramChild {
  observe(value: number): void;
}

type Labels<L extends string> = Readonly<Record<L, string>>;

abstract class Family<L extends string, C> {
  readonly aggregator = 'sum' as const;
  abstract readonly type: 'counter' | 'histogram';
  protected readonly children = new Map<string, { labels: Labels<L>; child: C }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The child for `labels`, made on first use. Not for the data path: cache what it returns. */
  child(labels: Labels<L>): C {
    let key = '';
    for (const n of this.labelNames) key += `${labels[n] ?? ''}\u0000`;
    let entry = this.children.get(key);
    if (!entry) {
      const copy = {} as Record<L, string>;
      for (const n of this.labelNames) copy[n] = labels[n] ?? '';
      entry = { labels: copy, child: this.make() };
      this.children.set(key, entry);
    }
    return entry.child;
  }

  protected abstract make(): C;
  protected abstract values(): MetricValue[];

  reset(): void {
    this.children.clear();
  }

  get(): MetricData {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.values(),
    };
  }
}

export class CounterFamily<L extends string> extends Family<L, CounterChild> {
  readonly type = 'counter' as const;

  protected make(): CounterChild {
    return { value: 0 };
  }

  protected values(): MetricValue[] {
    return [...this.children.values()].map(({ labels, child }) => ({ labels, value: child.value }));
  }
}

class Buckets implements HistogramChild {
  /** Per-bucket (not cumulative) counts; the last one is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const { bounds } = this;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }
}

export class HistogramFamily<L extends string> extends Family<L, HistogramChild> {
  readonly type = 'histogram' as const;
  private readonly le: string[];

  constructor(
    name: string,
    help: string,
    labelNames: readonly L[],
    readonly bounds: readonly number[],
    registry: Registry,
  ) {
    super(name, help, labelNames, registry);
    this.le = [...bounds.map(String), '+Inf'];
  }

  protected make(): HistogramChild {
    return new Buckets(this.bounds);
  }

  protected values(): MetricValue[] {
    const out: MetricValue[] = [];
    for (const { labels, child } of this.children.values()) {
      const b = child as Buckets;
      let cumulative = 0;
      for (let i = 0; i < this.le.length; i++) {
        cumulative += b.counts[i]!;
        out.push({
          metricName: `${this.name}_bucket`,
          labels: { ...labels, le: this.le[i]! },
          value: cumulative,
        });
      }
      out.push({ metricName: `${this.name}_sum`, labels, value: b.sum });
      out.push({ metricName: `${this.name}_count`, labels, value: b.count });
    }
    return out;
  }
}
