import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notADirectory, replicaCwd } from './cwd.js';

test("replica cwd - workingDir resolves against the base folder, else against ebb up's folder", () => {
  assert.equal(replicaCwd({ baseDir: '/srv/app' }), '/srv/app');
  assert.equal(replicaCwd({ baseDir: '/srv/app', workingDir: 'web' }), '/srv/app/web');
  assert.equal(replicaCwd({ baseDir: '/srv/app', workingDir: '../lib' }), '/srv/lib');
  assert.equal(replicaCwd({ baseDir: '/srv/app', workingDir: '/opt/x' }), '/opt/x', 'absolute wins');
  assert.equal(replicaCwd({}), process.cwd());
  assert.equal(replicaCwd({ workingDir: 'web' }), `${process.cwd()}/web`);
});

test('replica cwd - a missing folder names what the user wrote and where it resolved', () => {
  assert.equal(
    notADirectory({ baseDir: '/srv/app', workingDir: 'web' }, '/srv/app/web'),
    `workingDir "web" is not a directory (resolved against the manifest's folder /srv/app to /srv/app/web)`,
  );
  assert.match(
    notADirectory({ workingDir: 'web' }, '/x/web'),
    /against the folder ebb up runs in to \/x\/web/,
  );
  assert.match(
    notADirectory({ baseDir: '/gone' }, '/gone'),
    /the manifest's folder \/gone is not a directory/,
  );
});
