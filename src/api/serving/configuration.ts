/**
 * Knative Configuration (serving.knative.dev/v1): the desired revision template; each change of it
 * stamps out a new immutable Revision.
 */
import { READY_COLUMN, REASON_COLUMN, statusColumn } from '../common/columns.js';
import { unknownFields } from '../common/fields.js';
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import { isPlainObject } from '../object.js';
import { convertServing } from './conversion.js';
import { parentMeta, SERVING_GROUP, SERVING_VERSIONS, validateServingMeta } from './object-meta.js';
import {
  setRevisionTemplateDefaults,
  validateRevisionTemplate,
  verifyNameChange,
} from './revision-template.js';

export const CONFIGURATION: KindDef = {
  group: SERVING_GROUP,
  kind: 'Configuration',
  storedVersion: 'v1',
  versions: SERVING_VERSIONS,
  plural: 'configurations',
  singular: 'configuration',
  shortNames: ['config', 'cfg'],
  namespaced: true,
  hasStatus: true,
  conditionTypes: ['Ready'],
  columns: [
    statusColumn('LATESTCREATED', 'latestCreatedRevisionName'),
    statusColumn('LATESTREADY', 'latestReadyRevisionName'),
    READY_COLUMN,
    REASON_COLUMN,
  ],
  convert: convertServing,
  setDefaults(obj, ctx) {
    if (isPlainObject(obj.spec) && isPlainObject(obj.spec.template))
      setRevisionTemplateDefaults(obj.spec.template, ctx);
  },
  validate(obj, ctx) {
    const errs = validateServingMeta(obj, false, ctx).viaField('metadata');
    const spec: unknown = obj.spec;
    if (spec === undefined || spec === null) return errs.also(FieldError.missing('spec'));
    if (!isPlainObject(spec)) return errs.also(FieldError.of('expected object', 'spec'));
    return errs.also(
      unknownFields(spec, ['template']).viaField('spec'),
      validateRevisionTemplate(spec.template, parentMeta(obj), ctx).viaField('spec', 'template'),
    );
  },
  validateUpdate(oldObj, newObj) {
    return verifyNameChange(oldObj.spec?.template, newObj.spec?.template).viaField('spec', 'template');
  },
};
