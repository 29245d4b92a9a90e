/**
 * Traffic targets of a Route or Service (Knative's traffic_validation.go and TrafficTarget.SetDefaults):
 * a target names a revision or follows the latest one, percents are 0..100 and sum to 100, tags are
 * unique DNS labels (they become `{tag}-{name}` hosts), and `url` is status-only. A Service's targets
 * follow its own configuration, so `configurationName` is a Route field only. Paths are relative to spec.
 */
import { typeOf, unknownFields, wrongType } from '../common/fields.js';
import { isDNS1035Label } from '../common/names.js';
import { FieldError } from '../field-error.js';
import { isPlainObject } from '../object.js';

export type TrafficOwner = 'Service' | 'Route';

const TARGET_FIELDS = ['configurationName', 'latestRevision', 'percent', 'revisionName', 'tag', 'url'];

/** The default traffic block of a Service: everything to the latest ready revision. */
export const defaultServiceTraffic = () => [{ latestRevision: true, percent: 100 }];

/** `latestRevision` defaults to true exactly when no revisionName is given. */
/** Knative's TrafficTarget.SetDefaults: latestRevision from whether a revision is named; percent 0 when unset. */
export function setTrafficDefaults(traffic: unknown[]): void {
  for (const target of traffic) {
    if (!isPlainObject(target)) continue;
    if (target.latestRevision === undefined || target.latestRevision === null) {
      target.latestRevision = typeof target.revisionName !== 'string' || target.revisionName === '';
    }
    if (target.percent === undefined || target.percent === null) target.percent = 0;
  }
}

export function validateTraffic(traffic: unknown, owner: TrafficOwner): FieldError {
  if (traffic === undefined || traffic === null) traffic = [];
  if (!Array.isArray(traffic)) return FieldError.of(`expected array, got ${typeOf(traffic)}`, 'traffic');
  let errs = FieldError.empty();
  let sum = 0;
  const tags = new Map<string, number>();
  traffic.forEach((target, i) => {
    errs = errs.also(validateTarget(target, owner).viaFieldIndex('traffic', i));
    if (!isPlainObject(target)) return;
    if (typeof target.percent === 'number') sum += target.percent;
    if (typeof target.tag !== 'string' || target.tag === '') return;
    // Knative: tags are DNS-1035 labels, in its words and at its path (ErrInvalidArrayValue → traffic.tag[i]).
    const msgs = isDNS1035Label(target.tag);
    if (msgs.length > 0)
      errs = errs.also(
        FieldError.invalidValue(`not a DNS 1035 label: [${msgs.join(' ')}]`, `traffic.tag[${i}]`),
      );
    const first = tags.get(target.tag);
    if (first !== undefined) {
      errs = errs.also(
        FieldError.of(`Multiple definitions for "${target.tag}"`, [
          `traffic[${first}].tag`,
          `traffic[${i}].tag`,
        ]),
      );
    } else tags.set(target.tag, i);
  });
  if (sum !== 100) errs = errs.also(FieldError.of(`Traffic targets sum to ${sum}, want 100`, 'traffic'));
  return errs;
}

function validateTarget(target: unknown, owner: TrafficOwner): FieldError {
  if (!isPlainObject(target)) return FieldError.of(`expected object, got ${typeOf(target)}`, '');
  let errs = unknownFields(target, TARGET_FIELDS).also(
    wrongType(target.revisionName, 'string', 'revisionName'),
    wrongType(target.configurationName, 'string', 'configurationName'),
    wrongType(target.tag, 'string', 'tag'),
    wrongType(target.latestRevision, 'boolean', 'latestRevision'),
  );
  const revision = typeof target.revisionName === 'string' ? target.revisionName : '';
  const configuration = typeof target.configurationName === 'string' ? target.configurationName : '';
  const latest = target.latestRevision;

  if (owner === 'Service') {
    if (configuration !== '') errs = errs.also(FieldError.disallowed('configurationName'));
    if (revision !== '' && latest === true)
      errs = errs.also(FieldError.multipleOneOf(['revisionName', 'latestRevision']));
    else if (revision === '' && latest !== true) {
      errs = errs.also(
        FieldError.of(
          'missing field(s)',
          'revisionName',
          'FieldValueRequired',
          'a target with latestRevision: false must name a revision',
        ),
      );
    }
  } else if (revision !== '' && configuration !== '') {
    errs = errs.also(FieldError.multipleOneOf(['revisionName', 'configurationName']));
  } else if (revision !== '' && latest === true) {
    errs = errs.also(FieldError.multipleOneOf(['revisionName', 'latestRevision']));
  } else if (configuration !== '' && latest === false) {
    errs = errs.also(
      FieldError.of(
        `may not set configurationName "${configuration}" when latestRevision is false`,
        'latestRevision',
      ),
    );
  } else if (revision === '' && configuration === '') {
    errs = errs.also(FieldError.oneOf(['revisionName', 'configurationName']));
  }

  if (target.percent !== undefined && target.percent !== null) {
    const typeErr = wrongType(target.percent, 'integer', 'percent');
    if (typeErr) errs = errs.also(typeErr);
    else if ((target.percent as number) < 0 || (target.percent as number) > 100) {
      errs = errs.also(FieldError.outOfBounds(target.percent, 0, 100, 'percent'));
    }
  }
  if (target.url !== undefined) errs = errs.also(FieldError.disallowed('url'));

  return errs;
}
