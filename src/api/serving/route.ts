/**
 * Knative Route (serving.knative.dev/v1): a named endpoint splitting traffic across revisions and the
 * latest revisions of configurations.
 */
import { READY_COLUMN, REASON_COLUMN, statusColumn } from '../common/columns.js';
import { unknownFields } from '../common/fields.js';
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import { isPlainObject } from '../object.js';
import { convertServing } from './conversion.js';
import { SERVING_GROUP, SERVING_VERSIONS, validateServingMeta } from './object-meta.js';
import { setTrafficDefaults, validateTraffic } from './traffic.js';

export const ROUTE: KindDef = {
  group: SERVING_GROUP,
  kind: 'Route',
  storedVersion: 'v1',
  versions: SERVING_VERSIONS,
  plural: 'routes',
  singular: 'route',
  shortNames: ['rt'],
  namespaced: true,
  hasStatus: true,
  conditionTypes: ['Ready', 'AllTrafficAssigned', 'IngressReady', 'CertificateProvisioned'],
  columns: [statusColumn('URL', 'url'), READY_COLUMN, REASON_COLUMN],
  convert: convertServing,
  setDefaults(obj) {
    if (isPlainObject(obj.spec) && Array.isArray(obj.spec.traffic)) setTrafficDefaults(obj.spec.traffic);
  },
  validate(obj, ctx) {
    const errs = validateServingMeta(obj, false, ctx).viaField('metadata');
    const spec: unknown = obj.spec;
    if (spec === undefined || spec === null || (isPlainObject(spec) && Object.keys(spec).length === 0)) {
      return errs.also(FieldError.missing('spec'));
    }
    if (!isPlainObject(spec)) return errs.also(FieldError.of('expected object', 'spec'));
    return errs.also(
      unknownFields(spec, ['traffic']).viaField('spec'),
      validateTraffic(spec.traffic, 'Route').viaField('spec'),
    );
  },
};
