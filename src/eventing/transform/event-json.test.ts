import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidOutputError } from './errors.js';
import { bodyToInput, eventToInput, outputToEvent } from './event-json.js';
import { compileExpression } from './expression.js';
import { ORDER_EXPRESSION, ORDER_INPUT, ORDER_OUTPUT } from './testing.js';

const attributes = { specversion: '1.0', id: 'e1', source: '/orders', type: 'order.created' };

test('transform - the input is the event in the JSON format, JSON data parsed', () => {
  const data = Buffer.from('{"user":{"id":"u1"}}');
  assert.deepEqual(
    eventToInput({ attributes: { ...attributes, datacontenttype: 'application/json' }, data }),
    {
      ...attributes,
      datacontenttype: 'application/json',
      data: { user: { id: 'u1' } },
    },
  );
  assert.deepEqual(eventToInput({ attributes }), attributes, 'no data, no data member');
  assert.equal(
    eventToInput({ attributes: { ...attributes, datacontenttype: 'text/plain' }, data: Buffer.from('hi') })
      .data,
    'hi',
  );
  const bytes = eventToInput({
    attributes: { ...attributes, datacontenttype: 'application/octet-stream' },
    data: Buffer.from([0xff, 0]),
  });
  assert.equal(bytes.data_base64, '/wA=');
  assert.deepEqual(bodyToInput(Buffer.from('{"a":1}')), { a: 1 });
  assert.equal(bodyToInput(Buffer.from('plain')), 'plain');
});

test('transform - the documented order example gives the documented event', async () => {
  const result = await compileExpression(ORDER_EXPRESSION, 'transformation').evaluate(ORDER_INPUT);
  const event = outputToEvent(result, 'transformation');
  const { data, ...rest } = ORDER_OUTPUT;
  assert.deepEqual(event.attributes, { ...rest, datacontenttype: 'application/json' });
  assert.deepEqual(JSON.parse(event.data!.toString()), data);
});

test('transform - Knative field extraction promotes data fields to attributes', async () => {
  const expression = compileExpression(
    '{ "specversion": "1.0", "id": id, "type": "user.extracted", "source": "transform.user-extractor", "time": time, "userid": data.user.id, "data": $ }',
    'transformation',
  );
  const input = eventToInput({
    attributes: { ...attributes, time: '2025-01-01T00:00:00Z' },
    data: Buffer.from('{"user":{"id":"u7"}}'),
  });
  const event = outputToEvent(await expression.evaluate(input), 'transformation');
  assert.equal(event.attributes.userid, 'u7');
  assert.equal(event.attributes.type, 'user.extracted');
  assert.deepEqual(JSON.parse(event.data!.toString()).data, { user: { id: 'u7' } });
});

test('transform - an output that is not a CloudEvent says what is wrong', () => {
  const bad = (value: unknown) => {
    try {
      outputToEvent(value, 'transformation');
    } catch (error) {
      assert.ok(error instanceof InvalidOutputError);
      assert.equal(error.status, 500);
      return error.message;
    }
    assert.fail('expected an error');
  };
  assert.equal(
    bad(undefined),
    'transformation expression did not produce a valid CloudEvent: expected a JSON object, got nothing',
  );
  assert.equal(
    bad('x'),
    'transformation expression did not produce a valid CloudEvent: expected a JSON object, got a string',
  );
  assert.equal(
    bad({ specversion: '1.0', source: 's', type: 't' }),
    'transformation expression did not produce a valid CloudEvent: missing required attribute: id',
  );
  assert.match(
    bad({ ...attributes, count: 1.5 }),
    /extension attribute count must be a string, integer or boolean/,
  );
});

test('transform - runtime errors and the evaluation timeout name the expression and the cause', async () => {
  await assert.rejects(compileExpression('1 + "a"', 'transformation').evaluate({}), {
    name: 'EvaluationError',
    status: 500,
    message:
      'transformation expression failed: The right side of the "+" operator must evaluate to a number (T2002, position 3)',
  });
  const started = Date.now();
  await assert.rejects(
    compileExpression('($f := function($n) { $f($n + 1) }; $f(0))', 'reply', 100).evaluate({}),
    {
      name: 'EvaluationTimeoutError',
      status: 500,
      message:
        'reply expression exceeded the evaluation timeout of 100 ms (evaluationTimeoutMs): check for an infinite loop',
    },
  );
  assert.ok(Date.now() - started < 1_000);
});
