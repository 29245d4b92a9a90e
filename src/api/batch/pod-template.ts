/**
 * A Job's pod template (`spec.template`) as Ebb runs it: one container, run as one local process, with
 * `restartPolicy` Never or OnFailure (Kubernetes refuses a Job whose pods would restart forever), and the
 * volumes Ebb can give a process — `secret`, `configMap` (their keys as files under the mount path) and
 * `emptyDir` (an empty folder). A container names an image (mapped to a local command through
 * `config-ebb-images`) or a command; its `env`/`envFrom` are checked as a Revision's are. Paths are relative
 * to the template, so callers place them (`spec.template`, `spec.job.spec.template`).
 */
import { typeOf, wrongType } from '../common/fields.js';
import { FieldError } from '../field-error.js';
import { isPlainObject } from '../object.js';
import { validateEnv, validateEnvFrom } from '../serving/env.js';

export const RESTART_POLICIES = ['OnFailure', 'Never'];
/** Containers Ebb runs per pod: one process. */
export const MAX_JOB_CONTAINERS = 1;
export const VOLUME_SOURCES = ['secret', 'configMap', 'emptyDir'];

type Obj = Record<string, unknown>;
const isSet = (v: unknown) => v !== undefined && v !== null;
const quoted = (values: string[]) => values.map((v) => JSON.stringify(v)).join(', ');

const stringList = (value: unknown, path: string): FieldError =>
  isSet(value) && !(Array.isArray(value) && value.every((a) => typeof a === 'string'))
    ? FieldError.invalidValue(value, path, 'expected a list of strings')
    : FieldError.empty();

function validateContainer(c: unknown, volumes: Set<string>): FieldError {
  if (!isPlainObject(c)) return FieldError.invalidValue(c, '', 'expected a container object');
  let errs = FieldError.empty();
  if (typeof c.name !== 'string' || c.name === '') errs = errs.also(FieldError.missing('name'));
  const hasImage = typeof c.image === 'string' && c.image !== '';
  const hasCommand = Array.isArray(c.command) && c.command.length > 0;
  if (!hasImage && !hasCommand) {
    errs = errs.also(
      FieldError.of('expected at least one, got none', ['image', 'command'], 'FieldValueRequired'),
    );
  }
  errs = errs.also(
    wrongType(c.image, 'string', 'image'),
    wrongType(c.workingDir, 'string', 'workingDir'),
    stringList(c.command, 'command'),
    stringList(c.args, 'args'),
    validateEnv(c.env),
    validateEnvFrom(c.envFrom),
  );
  const mounts = c.volumeMounts;
  if (isSet(mounts) && !Array.isArray(mounts)) return errs.also(wrongType(mounts, 'array', 'volumeMounts'));
  (Array.isArray(mounts) ? mounts : []).forEach((m, i) => {
    errs = errs.also(validateMount(m, volumes).viaFieldIndex('volumeMounts', i));
  });
  return errs;
}

function validateMount(m: unknown, volumes: Set<string>): FieldError {
  if (!isPlainObject(m)) return FieldError.of(`expected object, got ${typeOf(m)}`, '');
  let errs = FieldError.empty();
  if (typeof m.name !== 'string' || m.name === '') errs = errs.also(FieldError.missing('name'));
  else if (!volumes.has(m.name)) errs = errs.also(FieldError.of('Not found: must match a volume', 'name'));
  if (typeof m.mountPath !== 'string' || m.mountPath === '')
    errs = errs.also(FieldError.missing('mountPath'));
  else if (!m.mountPath.startsWith('/'))
    errs = errs.also(FieldError.invalidValue(m.mountPath, 'mountPath', 'must be an absolute path'));
  return errs;
}

function validateVolume(v: unknown): FieldError {
  if (!isPlainObject(v)) return FieldError.of(`expected object, got ${typeOf(v)}`, '');
  let errs = FieldError.empty();
  if (typeof v.name !== 'string' || v.name === '') errs = errs.also(FieldError.missing('name'));
  const sources = Object.keys(v).filter((k) => k !== 'name');
  const supported = sources.filter((k) => VOLUME_SOURCES.includes(k));
  for (const k of sources.filter((s) => !VOLUME_SOURCES.includes(s))) {
    errs = errs.also(
      FieldError.of(
        'must not set the field(s)',
        k,
        'FieldValueForbidden',
        `Ebb runs a Job's pod as a local process; it provides ${VOLUME_SOURCES.join(', ')} volumes`,
      ),
    );
  }
  if (supported.length === 0 && sources.length === 0) errs = errs.also(FieldError.oneOf(VOLUME_SOURCES));
  if (supported.length > 1) errs = errs.also(FieldError.multipleOneOf(supported));
  const secret = v.secret;
  if (isPlainObject(secret) && (typeof secret.secretName !== 'string' || secret.secretName === ''))
    errs = errs.also(FieldError.missing('secret.secretName'));
  const configMap = v.configMap;
  if (isPlainObject(configMap) && (typeof configMap.name !== 'string' || configMap.name === ''))
    errs = errs.also(FieldError.missing('configMap.name'));
  return errs;
}

function validateVolumes(volumes: unknown): { errs: FieldError; names: Set<string> } {
  const names = new Set<string>();
  if (!isSet(volumes)) return { errs: FieldError.empty(), names };
  if (!Array.isArray(volumes)) return { errs: wrongType(volumes, 'array', 'volumes')!, names };
  let errs = FieldError.empty();
  volumes.forEach((v, i) => {
    errs = errs.also(validateVolume(v).viaFieldIndex('volumes', i));
    if (isPlainObject(v) && typeof v.name === 'string') {
      if (names.has(v.name))
        errs = errs.also(FieldError.of(`Duplicate value: "${v.name}"`, `volumes[${i}].name`));
      names.add(v.name);
    }
  });
  return { errs, names };
}

function validateRestartPolicy(policy: unknown): FieldError {
  if (!isSet(policy) || policy === '') {
    return FieldError.of(
      `Required value: valid values: ${quoted(RESTART_POLICIES)}`,
      'restartPolicy',
      'FieldValueRequired',
    );
  }
  if (typeof policy === 'string' && RESTART_POLICIES.includes(policy)) return FieldError.empty();
  return FieldError.of(
    `Unsupported value: ${JSON.stringify(policy)}: supported values: ${quoted(RESTART_POLICIES)}`,
    'restartPolicy',
    'FieldValueNotSupported',
  );
}

function validatePodSpec(spec: Obj): FieldError {
  const { errs: volumeErrs, names } = validateVolumes(spec.volumes);
  let errs = validateRestartPolicy(spec.restartPolicy).also(
    volumeErrs,
    wrongType(spec.terminationGracePeriodSeconds, 'integer', 'terminationGracePeriodSeconds'),
  );
  if (
    isSet(spec.initContainers) &&
    !(Array.isArray(spec.initContainers) && spec.initContainers.length === 0)
  ) {
    errs = errs.also(
      FieldError.of(
        'must not set the field(s)',
        'initContainers',
        'FieldValueForbidden',
        "Ebb runs a Job's pod as one process; init containers would not run",
      ),
    );
  }
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    return errs.also(
      isSet(containers) && !Array.isArray(containers)
        ? FieldError.invalidValue(containers, 'containers', 'expected a list')
        : FieldError.missing('containers'),
    );
  }
  if (containers.length > MAX_JOB_CONTAINERS) {
    errs = errs.also(
      FieldError.of(
        `expected at most ${MAX_JOB_CONTAINERS} container, got ${containers.length}`,
        'containers',
        'FieldValueTooMany',
        "Ebb runs a Job's pod as one process; sidecars would not run",
      ),
    );
  }
  containers.forEach((c, i) => {
    errs = errs.also(validateContainer(c, names).viaField(`containers[${i}]`));
  });
  return errs;
}

/** Validates a pod template; paths relative to it (`spec.containers[0].image`). */
export function validatePodTemplate(template: unknown): FieldError {
  if (!isSet(template)) return FieldError.missing('spec.containers');
  if (!isPlainObject(template)) return FieldError.invalidValue(template, '', 'expected an object');
  const spec = template.spec;
  if (!isPlainObject(spec)) {
    return isSet(spec)
      ? FieldError.invalidValue(spec, 'spec', 'expected an object')
      : FieldError.missing('spec.containers');
  }
  return validatePodSpec(spec).viaField('spec');
}
