/**
 * What the runtime says of a ContainerSource's adapter, as its `ReceiveAdapterReady` condition (on
 * Knative, the adapter Deployment's Available condition). A crash is reported the way a Revision's
 * ContainerHealthy reports one — reason `ExitCode{N}` (or `Signaled`), the exit and the last output lines in
 * the message — from the crash until the restarted process has stayed up for the backoff's reset time
 * (10 s), so a crash loop reads False throughout rather than flickering with each restart.
 */
import type { RuntimeStatus } from '../../../serving/runtime/index.js';

export type AdapterCondition =
  | { status: 'True' }
  | { status: 'False' | 'Unknown'; reason: string; message: string };

export function adapterCondition(st: RuntimeStatus | undefined): AdapterCondition {
  if (st?.startError) return { status: 'False', reason: 'ContainerMissing', message: st.startError };
  const t = st?.lastTermination;
  if (st && t) {
    const how = t.exitCode !== null ? `exit code ${t.exitCode}` : `signal ${t.signal}`;
    const restarts = st.restarts === 1 ? '1 restart' : `${st.restarts} restarts`;
    return {
      status: 'False',
      reason: t.exitCode !== null ? `ExitCode${t.exitCode}` : 'Signaled',
      message: `Container failed with ${how} (${restarts}): ${t.lastOutput.trim()}`,
    };
  }
  if (st && st.ready > 0) return { status: 'True' };
  return { status: 'Unknown', reason: 'DeploymentUnavailable', message: 'The adapter is starting.' };
}
