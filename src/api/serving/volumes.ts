/**
 * A revision's `volumes` and each container's `volumeMounts`, as Knative's ValidateVolumes and
 * validateVolumeMounts check them (knative.dev/serving k8s_validation.go): a volume is a secret, configMap,
 * projected or — with config-features, emptyDir (on by default) or persistentVolumeClaim (off) — source,
 * exactly one; names are unique DNS labels and every volume is mounted; a mount names a volume, has an
 * absolute, unique mountPath that is not `/`, `/dev` or `/dev/log`, and is readOnly unless its volume is an
 * emptyDir or a claim. Paths are relative to the pod spec.
 */
import { posix } from 'node:path';
import { isDNS1123Label } from '../common/names.js';
import { FieldError } from '../field-error.js';
import type { ValidationContext } from '../kind.js';
import { isPlainObject } from '../object.js';

const RESERVED_PATHS = new Set(['/', '/dev', '/dev/log']);
const ALWAYS = ['secret', 'configMap', 'projected'];
/** The sources Knative counts as a volume's one source, whether or not a feature flag allows them. */
const KNOWN = [...ALWAYS, 'emptyDir', 'persistentVolumeClaim'];

type Obj = Record<string, any>;

function allowedSources(ctx: ValidationContext): string[] {
  const features = ctx.config('knative-serving', 'config-features') ?? {};
  const flag = (k: string, dflt: string) => (features[k] ?? dflt).trim().toLowerCase() !== 'disabled';
  return [
    ...ALWAYS,
    ...(flag('kubernetes.podspec-volumes-emptydir', 'enabled') ? ['emptyDir'] : []),
    ...(flag('kubernetes.podspec-persistent-volume-claim', 'disabled') ? ['persistentVolumeClaim'] : []),
  ];
}

/** Errors of `spec.volumes` and of every container's `volumeMounts`, relative to the pod spec. */
export function validateVolumes(spec: Obj, ctx: ValidationContext): FieldError {
  const volumes: unknown[] = Array.isArray(spec.volumes) ? spec.volumes : [];
  const containers: unknown[] = Array.isArray(spec.containers) ? spec.containers : [];
  const mounted = new Set<string>();
  for (const c of containers)
    if (isPlainObject(c) && Array.isArray(c.volumeMounts))
      for (const m of c.volumeMounts) if (isPlainObject(m) && typeof m.name === 'string') mounted.add(m.name);
  const allowed = allowedSources(ctx);
  const byName = new Map<string, Obj>();
  let errs = FieldError.empty();
  volumes.forEach((v, i) => {
    if (!isPlainObject(v)) {
      errs = errs.also(FieldError.invalidValue(v, `volumes[${i}]`));
      return;
    }
    const at = `volumes[${i}]`;
    const name = typeof v.name === 'string' ? v.name : '';
    if (byName.has(name)) errs = errs.also(FieldError.of(`duplicate volume name "${name}"`, `${at}.name`));
    if (!mounted.has(name))
      errs = errs.also(FieldError.of(`volume with name "${name}" not mounted`, `${at}.name`));
    if (name === '') errs = errs.also(FieldError.missing(`${at}.name`));
    else if (isDNS1123Label(name).length > 0) errs = errs.also(FieldError.invalidValue(name, `${at}.name`));
    const sources = Object.keys(v).filter((k) => k !== 'name');
    const disallowed = sources.filter((k) => !allowed.includes(k));
    if (disallowed.length > 0)
      errs = errs.also(FieldError.disallowed(...disallowed.map((k) => `${at}.${k}`)));
    const specified = sources.filter((k) => KNOWN.includes(k));
    if (specified.length === 0) errs = errs.also(FieldError.oneOf(allowed.map((k) => `${at}.${k}`)));
    else if (specified.length > 1)
      errs = errs.also(FieldError.multipleOneOf(specified.map((k) => `${at}.${k}`)));
    byName.set(name, v);
  });
  containers.forEach((c, ci) => {
    if (!isPlainObject(c) || !Array.isArray(c.volumeMounts)) return;
    errs = errs.also(validateMounts(c.volumeMounts, byName).viaField(`containers[${ci}]`));
  });
  return errs;
}

function validateMounts(mounts: unknown[], volumes: Map<string, Obj>): FieldError {
  let errs = FieldError.empty();
  const seen = new Set<string>();
  mounts.forEach((m, i) => {
    const at = `volumeMounts[${i}]`;
    if (!isPlainObject(m)) {
      errs = errs.also(FieldError.invalidValue(m, at));
      return;
    }
    const volume = volumes.get(typeof m.name === 'string' ? m.name : '');
    if (!volume) errs = errs.also(FieldError.of('volumeMount has no matching volume', `${at}.name`));
    const raw = typeof m.mountPath === 'string' ? m.mountPath : '';
    const clean = raw === '' ? '' : posix.normalize(raw).replace(/(.)\/$/, '$1');
    if (raw === '') errs = errs.also(FieldError.missing(`${at}.mountPath`));
    else if (RESERVED_PATHS.has(clean))
      errs = errs.also(FieldError.of(`mountPath "${clean}" is a reserved path`, `${at}.mountPath`));
    else if (!posix.isAbsolute(raw)) errs = errs.also(FieldError.invalidValue(raw, `${at}.mountPath`));
    else if (seen.has(clean))
      errs = errs.also(FieldError.invalidValue(`"${raw}" must be unique`, `${at}.mountPath`));
    if (clean) seen.add(clean);
    const writable = volume?.emptyDir || volume?.persistentVolumeClaim;
    if (volume && !writable && m.readOnly !== true)
      errs = errs.also(
        FieldError.of('volume mount should be readOnly for this type of volume', `${at}.readOnly`),
      );
    if (volume?.persistentVolumeClaim?.readOnly && m.readOnly !== true)
      errs = errs.also(FieldError.of('volume is readOnly but volume mount is not', `${at}.readOnly`));
  });
  return errs;
}
