import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.js';
import { parseLabelSelector } from './label-selector.js';

const labels = {
  app: 'web',
  tier: 'frontend',
  'serving.knative.dev/service': 'hello',
  replicas: '3',
  empty: '',
};

describe('label selector', () => {
  const cases: Array<[selector: string, matches: boolean]> = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['app in (web,api)', true],
    ['app in (api)', false],
    ['missing in (web)', false],
    ['app notin (api, db)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    [' app = web , tier in ( frontend ) ', true],
    ['serving.knative.dev/service=hello', true],
    ['empty=', true],
    ['empty', true],
    ['replicas>2', true],
    ['replicas<3', false],
    ['app>1', false],
  ];
  for (const [selector, want] of cases) {
    it(`"${selector}" ${want ? 'matches' : 'does not match'}`, () => {
      assert.equal(parseLabelSelector(selector).matches(labels), want);
    });
  }

  it('treats missing labels as an empty map', () => {
    assert.equal(parseLabelSelector('!app').matches(undefined), true);
    assert.equal(parseLabelSelector('app').matches(undefined), false);
  });

  const invalid = [
    'app=web,',
    ',app',
    'app in (web',
    'app in ()',
    'app in web',
    'app = a b',
    '-bad=x',
    'app=-bad',
    'Bad_Prefix/x=y',
    `${'k'.repeat(64)}=v`,
    'a>b',
    '!',
    'a=b=c',
  ];
  for (const selector of invalid) {
    it(`rejects "${selector}" as a BadRequest naming it`, () => {
      assert.throws(
        () => parseLabelSelector(selector),
        (err: unknown) =>
          err instanceof ApiError &&
          err.status === 400 &&
          err.reason === 'BadRequest' &&
          err.message.includes(`"${selector}"`),
      );
    });
  }
});
