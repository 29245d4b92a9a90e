/**
 * The PingSource data plane: schedules (croner, read as robfig/cron reads them), the event each tick
 * sends, the runner, and the Knative adapter client's send with retries (shared with the ApiServerSource
 * adapter).
 */
export { PING_EVENT_TYPE, type PingEventSpec, pingEventSource } from './event.js';
export {
  PING_SEND_SPREAD_MS,
  type PingJobConfig,
  type PingJobHealth,
  PingRunner,
  type PingRunnerOptions,
  type PingStats,
} from './runner.js';
export { type PingSchedule, PingScheduleError, pingSchedule } from './schedule.js';
export {
  applyOverrides,
  isRetriableStatus,
  RETRIABLE_STATUSES,
  SEND_BACKOFF_PERIOD_MS,
  SEND_RETRIES,
  type SendOptions,
  type SendOutcome,
  sendEvent,
} from './send.js';
