/**
 * Knative Service (serving.knative.dev/v1): a revision template plus a traffic block. The reconciler
 * turns it into a Configuration and a Route of the same name.
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
import { defaultServiceTraffic, setTrafficDefaults, validateTraffic } from './traffic.js';

export const SERVICE: KindDef = {
  group: SERVING_GROUP,
  kind: 'Service',
  storedVersion: 'v1',
  versions: SERVING_VERSIONS,
  plural: 'services',
  singular: 'service',
  shortNames: ['kservice', 'ksvc'],
  namespaced: true,
  hasStatus: true,
  conditionTypes: ['Ready', 'ConfigurationsReady', 'RoutesReady'],
  columns: [
    statusColumn('URL', 'url'),
    statusColumn('LATESTCREATED', 'latestCreatedRevisionName'),
    statusColumn('LATESTREADY', 'latestReadyRevisionName'),
    READY_COLUMN,
    REASON_COLUMN,
  ],
  convert: convertServing,
  setDefaults(obj, ctx) {
    const spec = obj.spec;
    if (!isPlainObject(spec)) return;
    if (isPlainObject(spec.template)) setRevisionTemplateDefaults(spec.template, ctx);
    if (
      spec.traffic === undefined ||
      spec.traffic === null ||
      (Array.isArray(spec.traffic) && spec.traffic.length === 0)
    ) {
      spec.traffic = defaultServiceTraffic();
    }
    if (Array.isArray(spec.traffic)) setTrafficDefaults(spec.traffic);
  },
  validate(obj, ctx) {
    const errs = validateServingMeta(obj, false, ctx).viaField('metadata');
    const spec: unknown = obj.spec;
    if (spec === undefined || spec === null) return errs.also(FieldError.missing('spec'));
    if (!isPlainObject(spec)) return errs.also(FieldError.of('expected object', 'spec'));
    return errs.also(
      unknownFields(spec, ['template', 'traffic']).viaField('spec'),
      validateRevisionTemplate(spec.template, parentMeta(obj), ctx).viaField('spec', 'template'),
      validateTraffic(spec.traffic, 'Service').viaField('spec'),
    );
  },
  validateUpdate(oldObj, newObj) {
    return verifyNameChange(oldObj.spec?.template, newObj.spec?.template).viaField('spec', 'template');
  },
};
