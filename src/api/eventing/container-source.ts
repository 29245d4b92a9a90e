/**
 * ContainerSource (sources.knative.dev/v1): runs a container (for Ebb, a local command, or an image the
 * project maps to one) with `K_SINK` set to its resolved sink. Each container needs an image or a command;
 * a container without a name is named `<source>-<index>`, as Knative does. Its `env` and `envFrom` are
 * checked as a Revision's are (the same builder runs them), and the `ebb.dev/source-dir` annotation, where
 * relative paths start, must be absolute.
 *
 * One container: Ebb runs the receive adapter as one supervised process, so a template with more
 * containers (sidecars, which Knative would run in the same pod) is refused with a 422 naming
 * `spec.template.spec.containers`, rather than accepted with a container that would never run.
 */

import { FieldError } from '../field-error.js';
import type { Column, KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { validateEnv, validateEnvFrom } from '../serving/env.js';
import { SOURCE_DIR_ANNOTATION, validateSourceDirAnnotation } from '../serving/source-dir.js';
import { defaultSourceSpec, upgradeSink, validateSourceSpec } from './source-spec.js';
import {
  isObj,
  isSet,
  type Obj,
  READY_COLUMN,
  REASON_COLUMN,
  SINK_COLUMN,
  specOf,
  str,
  toStored,
  validateSpec,
  viaFieldIndex,
} from './util.js';

/** The CRD's printer columns, in kubectl's order: SINK, AGE, READY, REASON (`ebb get` fills AGE). */
export const CONTAINER_SOURCE_COLUMNS: Column[] = [
  SINK_COLUMN,
  { header: 'AGE', value: (o) => o.metadata.creationTimestamp ?? '' },
  READY_COLUMN,
  REASON_COLUMN,
];

/** Containers Ebb runs per ContainerSource. */
export const MAX_CONTAINERS = 1;

export const CONTAINER_SOURCE_CONDITIONS = ['Ready', 'SinkBindingReady', 'ReceiveAdapterReady'];

function convert(obj: KObject): KObject {
  const { out, from } = toStored(containerSourceKind, obj);
  if (from !== containerSourceKind.storedVersion && isObj(out.spec)) upgradeSink(out.spec);
  return out;
}

function containersOf(spec: Obj): unknown {
  const template = spec.template;
  return isObj(template) && isObj(template.spec) ? template.spec.containers : undefined;
}

function setDefaults(obj: KObject): void {
  const containers = containersOf(specOf(obj));
  if (Array.isArray(containers)) {
    containers.forEach((c, i) => {
      if (isObj(c) && !str(c.name)) c.name = `${obj.metadata?.name ?? 'container'}-${i}`;
    });
  }
  defaultSourceSpec(obj);
}

function validateContainer(c: unknown): FieldError {
  if (!isObj(c)) return FieldError.invalidValue(c, '', 'expected a container object');
  let errs = FieldError.empty();
  if (!str(c.name)) errs = errs.also(FieldError.missing('name'));
  const hasImage = isSet(c.image) && c.image !== '';
  const hasCommand = Array.isArray(c.command) ? c.command.length > 0 : isSet(c.command) && c.command !== '';
  if (!hasImage && !hasCommand) {
    errs = errs.also(
      FieldError.of('expected at least one, got none', ['image', 'command'], 'FieldValueRequired'),
    );
  }
  if (hasImage && typeof c.image !== 'string') errs = errs.also(FieldError.invalidValue(c.image, 'image'));
  if (isSet(c.command) && !(Array.isArray(c.command) && c.command.every((a) => typeof a === 'string'))) {
    errs = errs.also(FieldError.invalidValue(c.command, 'command', 'expected a list of strings'));
  }
  if (isSet(c.args) && !(Array.isArray(c.args) && c.args.every((a) => typeof a === 'string'))) {
    errs = errs.also(FieldError.invalidValue(c.args, 'args', 'expected a list of strings'));
  }
  if (isSet(c.workingDir) && typeof c.workingDir !== 'string') {
    errs = errs.also(FieldError.invalidValue(c.workingDir, 'workingDir', 'expected a string'));
  }
  return errs.also(validateEnv(c.env), validateEnvFrom(c.envFrom));
}

function validateTemplate(spec: Obj): FieldError {
  const template = spec.template;
  if (!isObj(template)) {
    return isSet(template)
      ? FieldError.invalidValue(template, 'template')
      : FieldError.missing('template.spec.containers');
  }
  const containers = containersOf(spec);
  if (!Array.isArray(containers) || containers.length === 0) {
    return isSet(containers) && !Array.isArray(containers)
      ? FieldError.invalidValue(containers, 'template.spec.containers', 'expected a list')
      : FieldError.missing('template.spec.containers');
  }
  let errs = FieldError.empty();
  if (containers.length > MAX_CONTAINERS) {
    errs = FieldError.of(
      `expected at most ${MAX_CONTAINERS} container, got ${containers.length}`,
      'template.spec.containers',
      'FieldValueTooMany',
      'Ebb runs a ContainerSource as one process, its receive adapter; sidecars would not run',
    );
  }
  containers.forEach((c, i) => {
    errs = errs.also(viaFieldIndex(validateContainer(c), 'containers', i).viaField('template', 'spec'));
  });
  return errs;
}

function validateSourceDir(obj: KObject): FieldError {
  const own = obj.metadata?.annotations;
  const template = specOf(obj).template;
  const meta = isObj(template) && isObj(template.metadata) ? template.metadata : undefined;
  let errs = FieldError.empty();
  if (isObj(own) && SOURCE_DIR_ANNOTATION in own) {
    errs = validateSourceDirAnnotation(own as Record<string, string>).viaField('metadata', 'annotations');
  }
  if (meta && isObj(meta.annotations) && SOURCE_DIR_ANNOTATION in meta.annotations) {
    errs = errs.also(
      validateSourceDirAnnotation(meta.annotations as Record<string, string>).viaField(
        'spec',
        'template',
        'metadata',
        'annotations',
      ),
    );
  }
  return errs;
}

function validate(obj: KObject): FieldError {
  return validateSpec(obj, (spec) =>
    validateTemplate(spec).also(validateSourceSpec(spec, obj.metadata?.namespace)),
  ).also(validateSourceDir(obj));
}

export const containerSourceKind: KindDef = {
  group: 'sources.knative.dev',
  kind: 'ContainerSource',
  storedVersion: 'v1',
  versions: ['v1alpha2', 'v1beta1', 'v1'],
  plural: 'containersources',
  singular: 'containersource',
  shortNames: [],
  namespaced: true,
  hasStatus: true,
  conditionTypes: CONTAINER_SOURCE_CONDITIONS,
  columns: CONTAINER_SOURCE_COLUMNS,
  convert,
  setDefaults,
  validate,
};
