/**
 * Errors of the local RocketMQ: each a stable `code`, so the CLI and tests can tell "Java is missing" from
 * "the broker did not start" without parsing messages. Start-up failures carry the tail of the JVM logs.
 */
import { EbbError } from '../../errors.js';

/** Java or Maven is not installed; `missing` says which, in words a user can act on. */
export class JavaMissingError extends EbbError {
  readonly missing: string;
  constructor(missing: string) {
    super('EBB_ROCKETMQ_JAVA_MISSING', `local RocketMQ needs ${missing}`);
    this.missing = missing;
  }
}

/** Maven could not fetch the RocketMQ jars. */
export class FetchFailedError extends EbbError {
  constructor(message: string, options?: ErrorOptions) {
    super('EBB_ROCKETMQ_FETCH_FAILED', message, options);
  }
}

/** A name server or proxy did not become ready; the message ends with the tail of its logs. */
export class StartFailedError extends EbbError {
  constructor(message: string, options?: ErrorOptions) {
    super('EBB_ROCKETMQ_START_FAILED', message, options);
  }
}

/** An instance is already running in that data directory. */
export class AlreadyRunningError extends EbbError {
  constructor(dataDir: string, pids: number[]) {
    super(
      'EBB_ROCKETMQ_ALREADY_RUNNING',
      `a local RocketMQ is already running in ${dataDir} (pids ${pids.join(', ')}); stop it first`,
    );
  }
}

/** `mqadmin` failed (topic or group not created). */
export class AdminFailedError extends EbbError {
  constructor(message: string, options?: ErrorOptions) {
    super('EBB_ROCKETMQ_ADMIN_FAILED', message, options);
  }
}
