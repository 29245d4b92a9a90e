/**
 * A real `kubectl` for the kubectl e2e test: the one on PATH, else Debian's package installed with apt
 * (`kubectl`, or `kubernetes-client` where that is what the configured repositories have) when running as
 * root, else a reason to skip. `runKubectl` runs it against a kubeconfig with its own discovery cache.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const INSTALL_TIMEOUT_MS = 180_000;
const KUBECTL_TIMEOUT_MS = 30_000;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function hasCandidate(pkg: string): boolean {
  const policy = spawnSync('apt-cache', ['policy', pkg], { encoding: 'utf8' });
  const candidate = /Candidate:\s*(\S+)/.exec(policy.stdout ?? '')?.[1];
  return policy.status === 0 && candidate !== undefined && candidate !== '(none)';
}

function aptInstall(pkg: string): boolean {
  const run = spawnSync('apt-get', ['install', '-y', pkg], {
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return run.status === 0;
}

/** The kubectl binary, or why the test must skip. Installs Debian's package when it can. */
/**
 * The write-up's seed manifests (../shared/data/seed-sample) that Ebb accepts: older API versions, the
 * legacy sources.eventing.knative.dev group; its Secret's data is not base64, so it is refused as on a cluster.
 */
export const SEED_FILES = [
  '200-serviceaccount.yaml',
  '202-clusterrolebinding.yaml',
  'alirocketmqsource.yaml',
  'broker.yaml',
  'ksvc-order-service.yaml',
  'trigger.yaml',
];

export function findKubectl(): { path: string } | { skip: string } {
  const found = onPath('kubectl');
  if (found) return { path: found };
  if (process.getuid?.() !== 0)
    return { skip: 'kubectl is not on PATH (and not root, so not installing it)' };
  if (!onPath('apt-get'))
    return { skip: 'kubectl is not on PATH and apt-get is not available to install it' };
  if (!hasCandidate('kubectl') && !hasCandidate('kubernetes-client')) {
    spawnSync('apt-get', ['update'], { timeout: INSTALL_TIMEOUT_MS });
  }
  for (const pkg of ['kubectl', 'kubernetes-client']) {
    if (hasCandidate(pkg) && aptInstall(pkg)) {
      const path = onPath('kubectl');
      if (path) return { path };
    }
  }
  return { skip: 'kubectl is not on PATH and neither apt package kubectl nor kubernetes-client installed' };
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlOptions {
  kubeconfig: string;
  /** kubectl's discovery and OpenAPI cache (KUBECACHEDIR). */
  cacheDir: string;
  input?: string;
  /** The folder kubectl runs in. */
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export function runKubectl(kubectl: string, args: string[], opts: KubectlOptions): Promise<KubectlResult> {
  const child = spawn(kubectl, args, {
    cwd: opts.cwd,
    env: { ...process.env, KUBECONFIG: opts.kubeconfig, KUBECACHEDIR: opts.cacheDir, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin.on('error', () => {});
  child.stdin.end(opts.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kubectl ${args.join(' ')} did not finish\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, opts.timeoutMs ?? KUBECTL_TIMEOUT_MS);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/**
 * Starts `kubectl args` (a watch), resolves with its output once `until` matches it, then kills it.
 */
export function watchKubectl(
  kubectl: string,
  args: string[],
  opts: KubectlOptions,
  until: RegExp,
  timeoutMs = 10_000,
): Promise<string> {
  const child = spawn(kubectl, args, {
    env: { ...process.env, KUBECONFIG: opts.kubeconfig, KUBECACHEDIR: opts.cacheDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kubectl ${args.join(' ')}: no match for ${until} in:\n${output}`));
    }, timeoutMs);
    const onData = (c: Buffer) => {
      output += c.toString('utf8');
      if (until.test(output)) {
        clearTimeout(timer);
        child.kill('SIGTERM');
        resolve(output);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}
