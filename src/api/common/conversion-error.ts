/**
 * A conversion that cannot be done (Knative's `ConvertErrorf`): thrown by a KindDef's `convert` and turned
 * into a 422 by admission, with the field error's paths as causes.
 */
import type { FieldError } from '../field-error.js';

export class ConversionError extends Error {
  constructor(readonly fieldError: FieldError) {
    super(fieldError.toString());
    this.name = 'ConversionError';
  }
}
