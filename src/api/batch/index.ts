/** The batch/v1 kinds Ebb serves (Job, which JobSinks create one of per event) and their helpers. */
import type { KindDef } from '../kind.js';
import { JOB } from './job.js';

export const BATCH_KINDS: KindDef[] = [JOB];

export {
  DEFAULT_BACKOFF_LIMIT,
  DEFAULT_COMPLETIONS,
  humanDuration,
  JOB,
  JOB_PENDING,
  jobStatusText,
  setJobSpecDefaults,
  validateJobSpec,
} from './job.js';
export { MAX_JOB_CONTAINERS, RESTART_POLICIES, VOLUME_SOURCES, validatePodTemplate } from './pod-template.js';
