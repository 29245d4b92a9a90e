/**
 * serving.knative.dev v1alpha1 (and v1beta1) → v1, as Knative's v1alpha1 ConvertTo did it:
 * - Service `spec.runLatest` / `spec.pinned` / `spec.release` become `template` plus a traffic block
 *   (release: `current` and `candidate` tags split by rolloutPercent, plus a `latest` tag);
 *   `spec.manual` cannot be converted.
 * - `revisionTemplate` becomes `template`; a revision's singular `container` becomes `containers: [it]`;
 *   `concurrencyModel: Single` becomes `containerConcurrency: 1`.
 * - a traffic target's `name` becomes `tag`.
 * Everything else (metadata, env, annotations, status) is kept as it is.
 */
import { ConversionError } from '../common/conversion-error.js';
import { typeOf } from '../common/fields.js';
import { FieldError } from '../field-error.js';
import { clone, isPlainObject, type KObject, versionOf } from '../object.js';
import { SERVING_GROUP } from './object-meta.js';

type Obj = Record<string, unknown>;

const LATEST_KEYWORD = '@latest';
const fail = (err: FieldError): never => {
  throw new ConversionError(err);
};

export function convertServing(obj: KObject): KObject {
  const out = clone(obj);
  out.apiVersion = `${SERVING_GROUP}/v1`;
  if (versionOf(obj.apiVersion) !== 'v1alpha1' || !isPlainObject(out.spec)) return out;
  switch (obj.kind) {
    case 'Service':
      out.spec = convertServiceSpec(out.spec);
      break;
    case 'Configuration':
      out.spec = convertConfigurationSpec(out.spec, 'spec');
      break;
    case 'Revision':
      out.spec = convertRevisionSpec(out.spec, 'spec');
      break;
    case 'Route':
      out.spec = convertRouteSpec(out.spec);
      break;
  }
  return out;
}

function convertRevisionSpec(spec: Obj, path: string): Obj {
  const { container, concurrencyModel, generation: _g, servingState: _s, buildName: _b, ...rest } = spec;
  if (container !== undefined && container !== null) {
    if (Array.isArray(rest.containers) && rest.containers.length > 0) {
      fail(FieldError.multipleOneOf(['container', 'containers']).viaField(path));
    }
    rest.containers = [container];
  }
  if (concurrencyModel === 'Single' && rest.containerConcurrency === undefined) rest.containerConcurrency = 1;
  return rest;
}

function convertTemplate(template: unknown, path: string): unknown {
  if (!isPlainObject(template) || !isPlainObject(template.spec)) return template;
  return { ...template, spec: convertRevisionSpec(template.spec, `${path}.spec`) };
}

function convertConfigurationSpec(spec: Obj, path: string): Obj {
  const { template, revisionTemplate, build, ...rest } = spec;
  if (build !== undefined && build !== null) {
    fail(
      FieldError.of(
        'must not set the field(s)',
        `${path}.build`,
        'FieldValueForbidden',
        'builds are not supported: build the image (or give a command) and reference it in the template',
      ),
    );
  }
  if (template !== undefined && revisionTemplate !== undefined) {
    fail(FieldError.multipleOneOf(['template', 'revisionTemplate']).viaField(path));
  }
  if (template !== undefined) return { ...rest, template: convertTemplate(template, `${path}.template`) };
  if (revisionTemplate !== undefined) {
    return { ...rest, template: convertTemplate(revisionTemplate, `${path}.revisionTemplate`) };
  }
  return rest;
}

function convertTarget(target: unknown): unknown {
  if (!isPlainObject(target)) return target;
  const { name, ...rest } = target;
  if (name !== undefined && (rest.tag === undefined || rest.tag === '')) rest.tag = name;
  return rest;
}

function convertRouteSpec(spec: Obj): Obj {
  return Array.isArray(spec.traffic) ? { ...spec, traffic: spec.traffic.map(convertTarget) } : spec;
}

const SERVICE_MODES = ['runLatest', 'pinned', 'release', 'manual'] as const;

function convertServiceSpec(spec: Obj): Obj {
  const modes: string[] = SERVICE_MODES.filter((m) => spec[m] !== undefined && spec[m] !== null);
  if (spec.template !== undefined || spec.traffic !== undefined) modes.push('template');
  if (modes.length > 1) fail(FieldError.multipleOneOf(modes).viaField('spec'));
  switch (modes[0]) {
    case 'runLatest':
      return {
        template: templateOf(spec.runLatest, 'spec.runLatest'),
        traffic: [{ latestRevision: true, percent: 100 }],
      };
    case 'pinned': {
      const pinned = spec.pinned as Obj;
      const template = templateOf(pinned, 'spec.pinned');
      return { template, traffic: [{ revisionName: pinned.revisionName, percent: 100 }] };
    }
    case 'release':
      return convertRelease(spec.release);
    case 'manual':
      return fail(
        FieldError.of(
          'manual mode cannot be converted',
          'spec.manual',
          'FieldValueNotSupported',
          'create a Configuration and a Route instead',
        ),
      );
    default: {
      const out: Obj = { ...spec };
      if (spec.template !== undefined) out.template = convertTemplate(spec.template, 'spec.template');
      return convertRouteSpec(out);
    }
  }
}

/** The template inside a mode's `configuration`. */
function templateOf(mode: unknown, path: string): unknown {
  if (!isPlainObject(mode)) return fail(FieldError.of(`expected object, got ${typeOf(mode)}`, path));
  if (!isPlainObject(mode.configuration)) return fail(FieldError.missing(`${path}.configuration`));
  const converted = convertConfigurationSpec(mode.configuration, `${path}.configuration`);
  if (converted.template === undefined) return fail(FieldError.missing(`${path}.configuration.template`));
  return converted.template;
}

function convertRelease(release: unknown): Obj {
  const template = templateOf(release, 'spec.release');
  const { revisions, rolloutPercent = 0 } = release as Obj;
  if (!Array.isArray(revisions) || revisions.length < 1 || revisions.length > 2) {
    return fail(FieldError.of('expected 1 or 2 revisions', 'spec.release.revisions'));
  }
  if (
    typeof rolloutPercent !== 'number' ||
    !Number.isInteger(rolloutPercent) ||
    rolloutPercent < 0 ||
    rolloutPercent > 99
  ) {
    return fail(FieldError.outOfBounds(rolloutPercent, 0, 99, 'spec.release.rolloutPercent'));
  }
  const target = (revision: unknown, percent: number, tag: string): Obj =>
    revision === LATEST_KEYWORD
      ? { tag, latestRevision: true, percent }
      : { tag, revisionName: revision, latestRevision: false, percent };
  const traffic =
    revisions.length === 2
      ? [
          target(revisions[0], 100 - rolloutPercent, 'current'),
          target(revisions[1], rolloutPercent, 'candidate'),
        ]
      : [target(revisions[0], 100, 'current')];
  traffic.push({ tag: 'latest', latestRevision: true, percent: 0 });
  return { template, traffic };
}
