/**
 * Knative Revision (serving.knative.dev/v1): an immutable snapshot of code and configuration, created by
 * a Configuration. Its spec never changes after create; labels, annotations and status may.
 */
import { labelColumn, READY_COLUMN, REASON_COLUMN, statusColumn } from '../common/columns.js';
import { shortDiff } from '../common/diff.js';
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import { isPlainObject } from '../object.js';
import { convertServing } from './conversion.js';
import { SERVING_GROUP, SERVING_VERSIONS, validateServingMeta } from './object-meta.js';
import { setRevisionSpecDefaults, validateRevisionSpec } from './revision-template.js';

export const REVISION: KindDef = {
  group: SERVING_GROUP,
  kind: 'Revision',
  storedVersion: 'v1',
  versions: SERVING_VERSIONS,
  plural: 'revisions',
  singular: 'revision',
  shortNames: ['rev'],
  namespaced: true,
  hasStatus: true,
  /** `Active` is tracked too, but does not decide readiness (a scaled-to-zero revision is still Ready). */
  conditionTypes: ['Ready', 'ResourcesAvailable', 'ContainerHealthy'],
  columns: [
    labelColumn('CONFIG NAME', 'serving.knative.dev/configuration'),
    labelColumn('GENERATION', 'serving.knative.dev/configurationGeneration'),
    READY_COLUMN,
    REASON_COLUMN,
    statusColumn('ACTUAL REPLICAS', 'actualReplicas'),
    statusColumn('DESIRED REPLICAS', 'desiredReplicas'),
    { ...statusColumn('PANICKING', 'panicking'), wide: true },
    { ...statusColumn('ACTIVE', 'activeState'), wide: true },
  ],
  convert: convertServing,
  setDefaults(obj, ctx) {
    if (isPlainObject(obj.spec)) setRevisionSpecDefaults(obj.spec, ctx);
  },
  validate(obj, ctx) {
    const errs = validateServingMeta(obj, true, ctx).viaField('metadata');
    // On update the spec is checked for immutability instead (it was valid when created).
    if (ctx.operation === 'update') return errs;
    if (obj.spec === undefined || obj.spec === null) return errs.also(FieldError.missing('spec'));
    return errs.also(validateRevisionSpec(obj.spec, ctx).viaField('spec'));
  },
  validateUpdate(oldObj, newObj) {
    const diff = shortDiff(oldObj.spec, newObj.spec);
    return diff === '' ? FieldError.empty() : FieldError.immutable('spec', diff);
  },
};
