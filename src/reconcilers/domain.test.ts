import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DOMAIN, domainFor, routeHost, tagHost } from './domain.js';

test('domain - localhost by default, config-domain default key, selector match', () => {
  assert.equal(domainFor(undefined, {}), DEFAULT_DOMAIN);
  assert.equal(domainFor({ _example: 'x', 'example.com': '' }, {}), 'example.com');
  const cfg = { 'example.com': '', 'internal.example.com': 'selector:\n  app: secret\n' };
  assert.equal(domainFor(cfg, { app: 'secret' }), 'internal.example.com');
  assert.equal(domainFor(cfg, { app: 'other' }), 'example.com');
});

test('domain - hosts for routes and tags', () => {
  assert.equal(routeHost('hello', 'default', 'localhost'), 'hello.default.localhost');
  assert.equal(tagHost('candidate', 'hello', 'default', 'localhost'), 'candidate-hello.default.localhost');
});
