import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandForImage, parseCommandLine, stripTagAndDigest } from './images.js';

test('images - exact match first, then without tag or digest', () => {
  const mapping = { images: 'example.com/app:v2: node v2.js\nexample.com/app: ["node", "app.js"]\n' };
  assert.deepEqual(commandForImage(mapping, 'example.com/app:v2'), ['node', 'v2.js']);
  assert.deepEqual(commandForImage(mapping, 'example.com/app:v1'), ['node', 'app.js']);
  assert.deepEqual(commandForImage(mapping, 'example.com/app@sha256:abc'), ['node', 'app.js']);
  assert.equal(commandForImage(mapping, 'example.com/other'), undefined);
  assert.equal(commandForImage(undefined, 'x'), undefined);
  assert.equal(commandForImage({ images: ': not yaml: [' }, 'x'), undefined);
});

test('images - tags, ports and command lines', () => {
  assert.equal(stripTagAndDigest('registry:5000/org/app:v1'), 'registry:5000/org/app');
  assert.equal(stripTagAndDigest('registry:5000/org/app'), 'registry:5000/org/app');
  assert.deepEqual(parseCommandLine(`python3 -c "print('hi')" 'a b'`), [
    'python3',
    '-c',
    "print('hi')",
    'a b',
  ]);
});
