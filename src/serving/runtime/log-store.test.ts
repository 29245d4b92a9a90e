import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { LineRing, LineSplitter, MAX_LINE_CHARS } from './lines.js';
import { LogStore } from './log-store.js';

function store(t: { after: (fn: () => void) => void }, maxFileBytes?: number): LogStore {
  const dir = mkdtempSync(join(tmpdir(), 'ebb-logstore-'));
  const s = new LogStore({ dir, ...(maxFileBytes ? { maxFileBytes } : {}) });
  t.after(() => {
    s.closeAll();
    rmSync(dir, { recursive: true, force: true });
  });
  return s;
}

describe('log store', () => {
  it('log store - one file per revision, named from the key', (t) => {
    const s = store(t);
    assert.equal(basename(s.pathFor('default/hello-00001')), 'default_hello-00001.log');
    assert.equal(basename(s.pathFor('../etc/passwd')), '.._etc_passwd.log');
    s.append('default/a', ['one', 'two']);
    s.append('default/b', ['other']);
    assert.equal(s.read('default/a'), 'one\ntwo\n');
    assert.equal(readFileSync(s.pathFor('default/b'), 'utf8'), 'other\n');
    assert.equal(s.read('default/none'), '');
  });

  it('log store - tail returns the last lines', (t) => {
    const s = store(t);
    s.append('ns/r', ['a', 'b', 'c']);
    assert.equal(s.read('ns/r', 2), 'b\nc\n');
    assert.equal(s.read('ns/r', 10), 'a\nb\nc\n');
    assert.equal(s.read('ns/r', 0), '');
  });

  it('log store - rotates at the size bound and keeps two files', (t) => {
    const s = store(t, 100);
    const line = 'x'.repeat(29); // 30 bytes with the newline
    for (let i = 0; i < 10; i++) s.append('ns/r', [`${i}${line.slice(1)}`]);
    const path = s.pathFor('ns/r');
    assert.ok(existsSync(`${path}.1`));
    assert.ok(!existsSync(`${path}.2`));
    assert.ok(readFileSync(path).length <= 100);
    assert.ok(readFileSync(`${path}.1`).length <= 100);
    const lines = s.read('ns/r').trimEnd().split('\n');
    assert.deepEqual(
      lines.map((l) => l[0]),
      ['3', '4', '5', '6', '7', '8', '9'].slice(-lines.length),
    );
    assert.equal(s.read('ns/r', 1)[0], '9');
  });

  it('log store - followers get appended lines until they unsubscribe; a throwing follower is isolated', (t) => {
    const s = store(t);
    const seen: string[] = [];
    const errors: unknown[] = [];
    const s2 = new LogStore({ dir: s.dir, onFollowerError: (e) => errors.push(e) });
    t.after(() => s2.closeAll());
    const off = s2.follow('ns/r', (l) => seen.push(l));
    s2.follow('ns/r', () => {
      throw new Error('boom');
    });
    s2.append('ns/r', ['a', 'b']);
    off();
    s2.append('ns/r', ['c']);
    assert.deepEqual(seen, ['a', 'b']);
    assert.equal(errors.length, 3);
  });
});

describe('lines', () => {
  it('lines - splits chunks into lines, holds back a partial line, handles CRLF and split UTF-8', () => {
    const sp = new LineSplitter();
    assert.deepEqual(sp.push('hel'), []);
    assert.deepEqual(sp.push('lo\r\nwor'), ['hello']);
    const euro = Buffer.from('€\n');
    assert.deepEqual(sp.push(euro.subarray(0, 1)), []);
    assert.deepEqual(sp.push(euro.subarray(1)), ['wor€']);
    assert.deepEqual(sp.push('tail'), []);
    assert.deepEqual(sp.flush(), ['tail']);
    assert.deepEqual(sp.flush(), []);
  });

  it('lines - cuts runaway lines', () => {
    const sp = new LineSplitter();
    const pieces = sp.push('y'.repeat(MAX_LINE_CHARS * 2 + 5));
    assert.deepEqual(
      pieces.map((p) => p.length),
      [MAX_LINE_CHARS, MAX_LINE_CHARS],
    );
    assert.deepEqual(sp.flush(), ['yyyyy']);
  });

  it('lines - the ring keeps the last lines', () => {
    const ring = new LineRing(3);
    for (const l of ['1', '2', '3', '4']) ring.push(l);
    assert.equal(ring.last(), '2\n3\n4');
    assert.equal(ring.last(2), '3\n4');
  });
});
