/**
 * RevisionSpec and RevisionTemplateSpec: defaults (Knative's revision_defaults.go, values from the
 * `config-defaults` ConfigMap) and validation (revision_validation.go): containers, timeouts,
 * containerConcurrency, autoscaling and `ebb.dev/source-dir` annotations, and the template's revision
 * name. Paths are relative to the spec or template.
 */
import { shortDiff } from '../common/diff.js';
import { typeOf, unknownFields, wrongType } from '../common/fields.js';
import { stringMap, validateAnnotations, validateLabels } from '../common/metadata.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../common/names.js';
import { FieldError } from '../field-error.js';
import type { DefaultsContext, ValidationContext } from '../kind.js';
import { isPlainObject } from '../object.js';
import { validateAutoscalingAnnotations } from './autoscaling-annotations.js';
import { autoscalerLimits, type ServingDefaults, servingDefaults } from './config.js';
import { validateContainers } from './container.js';
import { setPodSpecDefaults } from './pod-defaults.js';
import { validatePodSpecFeatures } from './pod-features.js';
import { validateSourceDirAnnotation } from './source-dir.js';
import { validateVolumes } from './volumes.js';

const REVISION_SPEC_FIELDS = [
  'affinity',
  'automountServiceAccountToken',
  'containerConcurrency',
  'containers',
  'dnsConfig',
  'dnsPolicy',
  'enableServiceLinks',
  'hostAliases',
  'hostIPC',
  'hostNetwork',
  'hostPID',
  'idleTimeoutSeconds',
  'imagePullSecrets',
  'initContainers',
  'nodeSelector',
  'priorityClassName',
  'responseStartTimeoutSeconds',
  'runtimeClassName',
  'schedulerName',
  'securityContext',
  'serviceAccountName',
  'shareProcessNamespace',
  'timeoutSeconds',
  'tolerations',
  'topologySpreadConstraints',
  'volumes',
];
const TEMPLATE_METADATA_FIELDS = ['annotations', 'finalizers', 'generateName', 'labels', 'name', 'namespace'];

const unset = (v: unknown) => v === undefined || v === null;

export function setRevisionSpecDefaults(spec: Record<string, unknown>, ctx: DefaultsContext): void {
  const d = servingDefaults(ctx);
  if (unset(spec.timeoutSeconds) || spec.timeoutSeconds === 0) spec.timeoutSeconds = d.revisionTimeoutSeconds;
  const timeout = typeof spec.timeoutSeconds === 'number' ? spec.timeoutSeconds : d.revisionTimeoutSeconds;
  // Knative defaults them only below the revision timeout (strictly).
  if (unset(spec.responseStartTimeoutSeconds) && d.revisionResponseStartTimeoutSeconds > 0) {
    if (d.revisionResponseStartTimeoutSeconds < timeout) {
      spec.responseStartTimeoutSeconds = d.revisionResponseStartTimeoutSeconds;
    }
  }
  if (
    unset(spec.idleTimeoutSeconds) &&
    d.revisionIdleTimeoutSeconds > 0 &&
    d.revisionIdleTimeoutSeconds < timeout
  ) {
    spec.idleTimeoutSeconds = d.revisionIdleTimeoutSeconds;
  }
  if (unset(spec.containerConcurrency)) spec.containerConcurrency = d.containerConcurrency;
  if (Array.isArray(spec.containers)) {
    defaultContainers(spec.containers, d);
    setPodSpecDefaults(spec, d.enableServiceLinks);
  }
}

/**
 * Container names as Knative's applyDefaultContainerNames gives them, and a tcpSocket handler for a
 * readinessProbe that has none (Knative's applyProbes; Ebb does not add a probe that is not there).
 */
function defaultContainers(containers: unknown[], d: ServingDefaults): void {
  const names = new Set(
    containers.map((c) => (isPlainObject(c) && typeof c.name === 'string' ? c.name : '')),
  );
  let suffix = 0;
  for (const c of containers) {
    if (!isPlainObject(c) || (c.name !== undefined && c.name !== '')) continue;
    let name = d.userContainerName;
    if (containers.length > 1 || names.has(name)) {
      do name = `${d.userContainerName}-${suffix++}`;
      while (names.has(name));
    }
    names.add(name);
    c.name = name;
  }
}

export function validateRevisionSpec(spec: unknown, ctx: ValidationContext): FieldError {
  if (!isPlainObject(spec)) return FieldError.of(`expected object, got ${typeOf(spec)}`, '');
  const d = servingDefaults(ctx);
  let errs = unknownFields(spec, REVISION_SPEC_FIELDS).also(
    validateContainers(spec.containers),
    validateVolumes(spec, ctx),
    validatePodSpecFeatures(spec, ctx),
    wrongType(spec.serviceAccountName, 'string', 'serviceAccountName'),
  );
  if (Array.isArray(spec.initContainers) ? spec.initContainers.length > 0 : !unset(spec.initContainers)) {
    // Knative refuses them unless config-features enables kubernetes.podspec-init-containers; Ebb has no
    // init step to run them in, so it refuses them either way, saying which.
    const enabled = ctx.config('knative-serving', 'config-features')?.['kubernetes.podspec-init-containers'];
    const why =
      enabled === 'enabled'
        ? 'Ebb does not run init containers: run the step in the container command instead'
        : 'init containers are off (config-features kubernetes.podspec-init-containers)';
    errs = errs.also(
      FieldError.of('must not set the field(s)', 'initContainers', 'FieldValueForbidden', why),
    );
  }
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') {
    for (const msg of isDNS1123Subdomain(spec.serviceAccountName))
      errs = errs.also(FieldError.invalidValue(spec.serviceAccountName, 'serviceAccountName', msg));
  }
  const timeout = integerIn(spec.timeoutSeconds, 0, d.maxRevisionTimeoutSeconds, 'timeoutSeconds');
  errs = errs.also(timeout.error);
  // Knative bounds neither responseStartTimeoutSeconds nor idleTimeoutSeconds (a value past timeoutSeconds
  // never fires first; zero or less means no timer): only their type is checked.
  errs = errs.also(
    wrongType(spec.responseStartTimeoutSeconds, 'integer', 'responseStartTimeoutSeconds'),
    wrongType(spec.idleTimeoutSeconds, 'integer', 'idleTimeoutSeconds'),
    integerIn(spec.containerConcurrency, 0, d.containerConcurrencyMaxLimit, 'containerConcurrency').error,
  );
  return errs;
}

function integerIn(
  value: unknown,
  lo: number,
  hi: number,
  path: string,
): { value: number; error?: FieldError } {
  if (unset(value)) return { value: 0 };
  const typeErr = wrongType(value, 'integer', path);
  if (typeErr) return { value: 0, error: typeErr };
  const n = value as number;
  if (n < lo || n > hi) return { value: n, error: FieldError.outOfBounds(n, lo, hi, path) };
  return { value: n };
}

export function setRevisionTemplateDefaults(template: Record<string, unknown>, ctx: DefaultsContext): void {
  if (!isPlainObject(template.spec)) return;
  setRevisionSpecDefaults(template.spec, ctx);
}

/** The owner of a template: its name becomes the required prefix of the revision name. */
export interface ParentMeta {
  name: string;
  generateName: string;
}

export function validateRevisionTemplate(
  template: unknown,
  parent: ParentMeta,
  ctx: ValidationContext,
): FieldError {
  // A template or spec left out is an empty one, as Knative's structs read it: what is missing is then
  // named where Knative names it (spec.template.spec.containers).
  if (template === undefined || template === null) template = {};
  if (!isPlainObject(template)) return FieldError.of(`expected object, got ${typeOf(template)}`, '');
  let errs = unknownFields(template, ['metadata', 'spec']);
  errs = errs.also(validateRevisionSpec(unset(template.spec) ? {} : template.spec, ctx).viaField('spec'));
  const meta = template.metadata;
  if (unset(meta)) return errs;
  if (!isPlainObject(meta))
    return errs.also(FieldError.of(`expected object, got ${typeOf(meta)}`, 'metadata'));
  const annotationErrs = validateAnnotations(meta.annotations);
  const annotationsValid = annotationErrs.isEmpty;
  errs = errs.also(
    unknownFields(meta, TEMPLATE_METADATA_FIELDS).viaField('metadata'),
    validateLabels(meta.labels).viaField('metadata', 'labels'),
    annotationErrs.viaField('metadata', 'annotations'),
    annotationsValid
      ? validateAutoscalingAnnotations(stringMap(meta.annotations), autoscalerLimits(ctx)).viaField(
          'metadata',
          'annotations',
        )
      : undefined,
    annotationsValid
      ? validateSourceDirAnnotation(stringMap(meta.annotations)).viaField('metadata', 'annotations')
      : undefined,
    validateRevisionName(meta, parent),
  );
  return errs;
}

/** Knative's validateRevisionName: DNS-1035 names, prefixed by the parent's name and a dash. */
function validateRevisionName(meta: Record<string, unknown>, parent: ParentMeta): FieldError {
  let errs = FieldError.empty().also(
    wrongType(meta.name, 'string', 'metadata.name'),
    wrongType(meta.generateName, 'string', 'metadata.generateName'),
  );
  if (typeof meta.generateName === 'string' && meta.generateName !== '') {
    const msgs = isDNS1035Label(meta.generateName.replace(/(.)-$/, '$1a'));
    if (msgs.length > 0) {
      errs = errs.also(
        FieldError.invalidValue(`not a DNS 1035 label prefix: [${msgs.join(' ')}]`, 'metadata.generateName'),
      );
    }
  }
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (name === '') return errs;
  const msgs = isDNS1035Label(name);
  if (msgs.length > 0) {
    return errs.also(FieldError.invalidValue(`not a DNS 1035 label: [${msgs.join(' ')}]`, 'metadata.name'));
  }
  if (parent.name === '' && parent.generateName !== '')
    return errs.also(FieldError.disallowed('metadata.name'));
  const prefix = `${parent.name}-`;
  if (!name.startsWith(prefix)) {
    errs = errs.also(
      FieldError.invalidValue(
        `"${name}" must have prefix "${prefix}"`,
        'metadata.name',
        'the revision name must be prefixed by the Service or Configuration name',
      ),
    );
  }
  return errs;
}

/**
 * Knative's VerifyNameChange: a template that keeps its explicit revision name cannot change, since the
 * name would then point at two different revisions. Paths are relative to the template.
 */
export function verifyNameChange(oldTemplate: unknown, newTemplate: unknown): FieldError {
  const name = (t: unknown) => (isPlainObject(t) && isPlainObject(t.metadata) ? t.metadata.name : undefined);
  const current = name(newTemplate);
  if (typeof current !== 'string' || current === '' || name(oldTemplate) !== current)
    return FieldError.empty();
  const diff = shortDiff(oldTemplate, newTemplate);
  if (diff === '') return FieldError.empty();
  return FieldError.of(
    'Saw the following changes without a name change (-old +new)',
    'metadata.name',
    'FieldValueInvalid',
    diff,
  );
}
