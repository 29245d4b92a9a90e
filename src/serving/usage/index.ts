/**
 * Usage metering of revisions (requests, request-seconds, replica-seconds, memory): public surface.
 */
export type { LiveReplica, RevisionUsage, UsageLabels, UsageMeterOptions, UsageTotals } from './meter.js';
export { DEFAULT_BUCKET_MS, DEFAULT_RETENTION_MS, UsageMeter } from './meter.js';
export { DEFAULT_MEMORY_SAMPLE_MS, parseVmRss, readRssBytes, startMemorySampler } from './rss.js';
