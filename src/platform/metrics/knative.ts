/**
 * What Knative's series share: the response-code class, the histogram buckets (milliseconds, as Knative
 * records them), the fixed label values Ebb uses where Knative names a pod or container, and a parser for
 * `knativearrivaltime` that remembers its last answer (a broker stamps one time per request and
 * millisecond, so consecutive events mostly carry the same string).
 */

/** Knative's `response_code_class`: `2xx`, `4xx`… */
export function responseCodeClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/**
 * queue-proxy's and the activator's request-latency buckets, ms (knative/serving
 * `pkg/queue/request_metric.go`, `pkg/activator/handler/metrics.go`).
 */
export const REQUEST_LATENCY_BUCKETS_MS: readonly number[] = [
  5, 10, 20, 40, 60, 80, 100, 150, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000, 2000, 5000,
  10000, 20000, 50000, 100000,
];

/** Eventing's dispatch and processing buckets, ms: knative/pkg `metrics.Buckets125(1, 10000)`. */
export const EVENT_LATENCY_BUCKETS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000,
];

/** Knative's `unique_name` (the pod's name there): one `ebb up` process here. */
export const UNIQUE_NAME = 'ebb';
/** `event_scheme`: the ingress and deliveries speak plain HTTP. */
export const EVENT_SCHEME = 'http';

/** `knativearrivaltime` as epoch ms, or NaN; remembers the last string it parsed. */
export class ArrivalTimeParser {
  private last = '';
  private ms = Number.NaN;

  parse(value: string | undefined): number {
    if (value === undefined) return Number.NaN;
    if (value !== this.last) {
      this.last = value;
      this.ms = Date.parse(value);
    }
    return this.ms;
  }
}
