import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldError } from './field-error.js';

test('field error - paths are built from the leaf outwards', () => {
  const err = FieldError.outOfBounds(101, 0, 100, 'percent').viaFieldIndex('traffic', 1).viaField('spec');
  assert.deepEqual(err.causes(), [
    { field: 'spec.traffic[1].percent', message: 'expected 0 <= 101 <= 100', reason: 'FieldValueInvalid' },
  ]);
  assert.equal(err.toString(), 'expected 0 <= 101 <= 100: spec.traffic[1].percent');
});

test('field error - also() combines and keys index into maps', () => {
  const err = FieldError.empty()
    .also(FieldError.missing('image').viaIndex(0).viaField('containers'))
    .also(
      FieldError.invalidValue('abc', '').viaKey('autoscaling.knative.dev/min-scale').viaField('annotations'),
    );
  assert.deepEqual(
    err.causes().map((c) => c.field),
    ['containers[0].image', 'annotations[autoscaling.knative.dev/min-scale]'],
  );
  assert.equal(FieldError.empty().isEmpty, true);
  assert.equal(err.isEmpty, false);
});
