/**
 * The dashboard as `ebb up` runs it: the page, its data and live updates (src/dashboard) over the serving,
 * eventing and sources planes, served from the API port (`/dashboard/`, and `/` for browsers).
 */
import { Dashboard, dashboardHandler } from '../dashboard/index.js';
import type { ObservabilityContext, ObservabilityPart } from './observability.js';

export function createDashboard(ctx: ObservabilityContext): ObservabilityPart {
  const dashboard = new Dashboard({
    store: ctx.store,
    serving: { plane: ctx.serving, usage: ctx.serving.usage },
    eventing: ctx.eventing,
    rocketmq: ctx.sources.rocketmq,
    logs: (key, tail) => ctx.serving.runtime.logs(key, { tail }),
    log: ctx.log.child('dashboard'),
  });
  return { handlers: [dashboardHandler(dashboard)], stop: () => dashboard.close() };
}
