/**
 * func.yaml's environment entries, as func reads them: a plain value, `{{ env:NAME }}` (from the local
 * environment), `{{ secret:NAME:KEY }}` / `{{ configMap:NAME:KEY }}` (one key), and, without a `name`,
 * `{{ secret:NAME }}` / `{{ configMap:NAME }}` (every key). For a deployed Service they become `env` and
 * `envFrom`; for `ebb func run`, which has no cluster, only plain and local values can be resolved.
 */
import { CliError } from '../errors.js';
import type { FuncEnv } from './project.js';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef };
}

interface KeyRef {
  name: string;
  key: string;
}

export interface EnvFrom {
  secretRef?: { name: string };
  configMapRef?: { name: string };
}

type Reference =
  | { kind: 'value'; value: string }
  | { kind: 'secret' | 'configMap'; name: string; key?: string };

const TEMPLATE = /^\{\{\s*(env|secret|configMap)\s*:\s*([^:}\s]+)\s*(?::\s*([^}\s]+)\s*)?\}\}$/;

/** What an entry's value refers to; `{{ env:X }}` is resolved from `local` at once. */
function referenceOf(entry: FuncEnv, at: string, local: NodeJS.ProcessEnv): Reference {
  const value = entry.value ?? '';
  const m = TEMPLATE.exec(value.trim());
  if (!m) {
    if (value.trim().startsWith('{{'))
      throw new CliError(
        `${at}: "${value}" is not a reference Ebb knows: use {{ env:NAME }}, {{ secret:NAME[:KEY] }} or {{ configMap:NAME[:KEY] }}`,
      );
    return { kind: 'value', value };
  }
  const [, kind, name, key] = m as unknown as [string, 'env' | 'secret' | 'configMap', string, string?];
  if (kind === 'env') {
    if (key !== undefined) throw new CliError(`${at}: {{ env:NAME }} takes no key, was: "${value}"`);
    const found = local[name];
    if (found === undefined) throw new CliError(`${at}: the local environment variable ${name} is not set`);
    return { kind: 'value', value: found };
  }
  return key === undefined ? { kind, name } : { kind, name, key };
}

/** The container's `env` and `envFrom` for func.yaml entries followed by `--env` pairs. */
export function containerEnv(
  entries: FuncEnv[],
  flags: [string, string][],
  local: NodeJS.ProcessEnv = process.env,
): { env: EnvVar[]; envFrom: EnvFrom[] } {
  const env = new Map<string, EnvVar>();
  const envFrom: EnvFrom[] = [];
  entries.forEach((entry, i) => {
    const at = `func.yaml envs[${i}]`;
    const ref = referenceOf(entry, at, local);
    if (!entry.name) {
      if (ref.kind === 'value' || ref.key !== undefined)
        throw new CliError(
          `${at}: an entry without a name must be {{ secret:NAME }} or {{ configMap:NAME }}`,
        );
      envFrom.push(
        ref.kind === 'secret' ? { secretRef: { name: ref.name } } : { configMapRef: { name: ref.name } },
      );
      return;
    }
    if (ref.kind === 'value') env.set(entry.name, { name: entry.name, value: ref.value });
    else if (ref.key === undefined)
      throw new CliError(`${at}: ${entry.name} needs a key: {{ ${ref.kind}:${ref.name}:KEY }}`);
    else {
      const keyRef = { name: ref.name, key: ref.key };
      env.set(entry.name, {
        name: entry.name,
        valueFrom: ref.kind === 'secret' ? { secretKeyRef: keyRef } : { configMapKeyRef: keyRef },
      });
    }
  });
  for (const [name, value] of flags) env.set(name, { name, value });
  return { env: [...env.values()], envFrom };
}

/** The variables `ebb func run` sets, and a warning per entry it cannot resolve without the platform. */
export function localEnv(
  entries: FuncEnv[],
  local: NodeJS.ProcessEnv = process.env,
): { env: Record<string, string>; skipped: string[] } {
  const env: Record<string, string> = {};
  const skipped: string[] = [];
  entries.forEach((entry, i) => {
    const at = `func.yaml envs[${i}]`;
    const ref = referenceOf(entry, at, local);
    if (ref.kind === 'value' && entry.name) env[entry.name] = ref.value;
    else skipped.push(`${at}: ${entry.value} is read from the platform; not set by \`ebb func run\``);
  });
  return { env, skipped };
}
