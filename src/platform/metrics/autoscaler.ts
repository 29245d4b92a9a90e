/**
 * The autoscaler's series under Knative's names and labels (`autoscaler_*`, labelled namespace_name,
 * service_name, configuration_name, revision_name as knative/serving's autoscaler and KPA reconciler
 * record them), read at scrape time from the autoscaler and the runtime: nothing is counted per request.
 * `autoscaler_ready_pods` is Ebb's older name for `autoscaler_actual_pods`, kept for existing scrapers.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Autoscaler } from '../../serving/autoscaler/index.js';
import type { RevisionRuntime } from '../../serving/runtime/index.js';
import type { RevisionKey, RuntimeRevision } from '../../serving/types.js';

const LABELS = ['namespace_name', 'service_name', 'configuration_name', 'revision_name'] as const;

/** [name, help]: Knative's descriptions. */
const GAUGES = {
  desired: ['autoscaler_desired_pods', 'Number of pods autoscaler wants to allocate'],
  requested: ['autoscaler_requested_pods', 'Number of pods autoscaler requested from Kubernetes'],
  actual: ['autoscaler_actual_pods', 'Number of pods that are allocated currently'],
  ready: ['autoscaler_ready_pods', 'Ready replicas (Ebb; the same as autoscaler_actual_pods)'],
  notReady: ['autoscaler_not_ready_pods', 'Number of pods that are not ready currently'],
  pending: ['autoscaler_pending_pods', 'Number of pods that are pending currently'],
  terminating: ['autoscaler_terminating_pods', 'Number of pods that are terminating currently'],
  panic: ['autoscaler_panic_mode', '1 if autoscaler is in panic mode, 0 otherwise'],
  stable: [
    'autoscaler_stable_request_concurrency',
    'Average of requests count per observed pod over the stable window',
  ],
  panicC: [
    'autoscaler_panic_request_concurrency',
    'Average of requests count per observed pod over the panic window',
  ],
  target: ['autoscaler_target_concurrency_per_pod', 'The desired number of concurrent requests for each pod'],
  excess: ['autoscaler_excess_burst_capacity', 'Excess burst capacity overserved over the stable window'],
  stableRps: [
    'autoscaler_stable_requests_per_second',
    'Average requests-per-second per observed pod over the stable window',
  ],
  panicRps: [
    'autoscaler_panic_requests_per_second',
    'Average requests-per-second per observed pod over the panic window',
  ],
  targetRps: ['autoscaler_target_requests_per_second', 'The desired requests-per-second for each pod'],
} as const satisfies Record<string, readonly [string, string]>;

type GaugeKey = keyof typeof GAUGES;

export function registerAutoscalerMetrics(
  registry: Registry,
  autoscaler: Autoscaler,
  runtime: () => RevisionRuntime,
  revisions: Map<RevisionKey, RuntimeRevision>,
): void {
  const gauges = {} as Record<GaugeKey, Gauge<(typeof LABELS)[number]>>;
  const keys = Object.keys(GAUGES) as GaugeKey[];
  for (const k of keys) {
    const [name, help] = GAUGES[k];
    gauges[k] = new Gauge({
      name,
      help,
      labelNames: LABELS,
      registers: [registry],
      // The first gauge's collect() fills every gauge before the registry reads the others.
      ...(k === 'desired' ? { collect: () => fill() } : {}),
    });
  }
  const fill = () => {
    for (const k of keys) gauges[k].reset();
    for (const [key, rev] of revisions) {
      const st = autoscaler.status(key);
      if (!st) continue;
      const labels = {
        namespace_name: rev.namespace,
        service_name: rev.env.K_SERVICE ?? '',
        configuration_name: rev.env.K_CONFIGURATION ?? '',
        revision_name: rev.name,
      };
      const rt = runtime().status(key);
      let pending = 0;
      let notReady = 0;
      let terminating = 0;
      for (const r of rt?.replicas ?? []) {
        if (r.state === 'starting') pending++;
        if (r.state === 'starting' || r.state === 'unready') notReady++;
        if (r.state === 'stopping') terminating++;
      }
      const set = (k: GaugeKey, v: number) => gauges[k].set(labels, Number.isFinite(v) ? v : 0);
      set('desired', st.desired);
      set('requested', rt?.desired ?? 0);
      set('actual', st.ready);
      set('ready', st.ready);
      set('notReady', notReady);
      set('pending', pending);
      set('terminating', terminating);
      set('panic', st.panicking ? 1 : 0);
      set('stable', st.stableConcurrency);
      set('panicC', st.panicConcurrency);
      set('excess', st.excessBurstCapacity);
      set('stableRps', st.stableRps);
      set('panicRps', st.panicRps);
      if (st.metric === 'rps') set('targetRps', st.target);
      else set('target', st.target);
    }
  };
}
