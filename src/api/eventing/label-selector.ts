/**
 * Kubernetes label selectors ({matchLabels?, matchExpressions?}), as SinkBinding subjects and
 * ApiServerSource resources use them.
 */
import { FieldError } from '../field-error.js';
import { isObj, isSet, str, viaFieldIndex } from './util.js';

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Validates a label selector ({matchLabels?, matchExpressions?}); errors relative to it. */
export function validateLabelSelector(selector: unknown): FieldError {
  if (!isObj(selector)) return FieldError.invalidValue(selector, '', 'expected a label selector');
  let errs = FieldError.empty();
  const { matchLabels, matchExpressions } = selector;
  if (
    isSet(matchLabels) &&
    !(isObj(matchLabels) && Object.values(matchLabels).every((v) => typeof v === 'string'))
  ) {
    errs = errs.also(FieldError.invalidValue(matchLabels, 'matchLabels', 'expected a map of strings'));
  }
  if (isSet(matchExpressions)) {
    if (!Array.isArray(matchExpressions))
      return errs.also(FieldError.invalidValue(matchExpressions, 'matchExpressions'));
    matchExpressions.forEach((e, i) => {
      let err = FieldError.empty();
      if (!isObj(e)) err = FieldError.invalidValue(e, '');
      else {
        if (!str(e.key)) err = err.also(FieldError.missing('key'));
        if (!SELECTOR_OPERATORS.includes(e.operator as string))
          err = err.also(FieldError.invalidValue(e.operator, 'operator'));
      }
      errs = errs.also(viaFieldIndex(err, 'matchExpressions', i));
    });
  }
  return errs;
}
