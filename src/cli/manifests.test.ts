import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseManifests, readManifests } from './manifests.js';

const dir = mkdtempSync(join(tmpdir(), 'ebb-manifests-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

test('manifests - multi-document YAML skips empty documents and records lines', () => {
  const text = `${cm('a')}---\n# only a comment\n---\n${cm('b')}---\n`;
  const out = parseManifests(text, 'x.yaml');
  assert.deepEqual(
    out.map((m) => [m.object.metadata.name, m.line]),
    [
      ['a', 1],
      ['b', 8],
    ],
  );
  assert.equal(out[0]!.source, 'x.yaml');
});

test('manifests - JSON files and kind: List are expanded', () => {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      JSON.parse(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } })),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' } },
    ],
  };
  const out = parseManifests(JSON.stringify(list), 'list.json');
  assert.deepEqual(
    out.map((m) => `${m.object.kind}/${m.object.metadata.name}`),
    ['ConfigMap/a', 'Secret/b'],
  );
  const yamlList = `apiVersion: v1\nkind: List\nitems:\n- ${cm('c').trimEnd().replace(/\n/g, '\n  ')}\n`;
  assert.equal(parseManifests(yamlList, 'l.yaml')[0]!.object.metadata.name, 'c');
});

test('manifests - a YAML syntax error names the file and line', () => {
  const text = `${cm('a')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b: c\n`;
  assert.throws(
    () => parseManifests(text, 'bad.yaml'),
    /^CliError: error parsing bad\.yaml: line 9, column 9: Nested mappings/,
  );
  try {
    parseManifests(text, 'bad.yaml');
  } catch (e) {
    assert.doesNotMatch((e as Error).message, /\n/);
  }
});

test('manifests - a JSON syntax error names the file and line', () => {
  assert.throws(
    () => parseManifests('{\n  "apiVersion": "v1",\n}\n', 'bad.json'),
    /error parsing bad\.json: line 3, column 1: /,
  );
});

test('manifests - documents without apiVersion or kind are rejected', () => {
  assert.throws(
    () => parseManifests('metadata:\n  name: x\n', 'y.yaml'),
    /y\.yaml: line 1: apiVersion not set, kind not set/,
  );
  assert.throws(
    () => parseManifests('- a\n- b\n', 'z.yaml'),
    /z\.yaml: line 1: the document is not an object/,
  );
});

test('manifests - folders read .yaml/.yml/.json sorted by name, recursive only with -R', async () => {
  const folder = join(dir, 'folder');
  mkdirSync(join(folder, 'nested'), { recursive: true });
  writeFileSync(join(folder, 'b.yml'), cm('b'));
  writeFileSync(join(folder, 'a.yaml'), cm('a'));
  writeFileSync(
    join(folder, 'c.json'),
    JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }),
  );
  writeFileSync(join(folder, 'notes.txt'), 'not a manifest');
  writeFileSync(join(folder, 'nested', 'd.yaml'), cm('d'));
  const names = async (recursive: boolean) =>
    (await readManifests([folder], { recursive })).map((m) => m.object.metadata.name);
  assert.deepEqual(await names(false), ['a', 'b', 'c']);
  assert.deepEqual(await names(true), ['a', 'b', 'c', 'd']);
  const first = (await readManifests([folder]))[0]!;
  assert.equal(first.source, join(folder, 'a.yaml'));
});

test('manifests - "-" reads stdin and files keep their order', async () => {
  const file = join(dir, 'one.yaml');
  writeFileSync(file, cm('file'));
  const out = await readManifests([file, '-'], { readStdin: async () => cm('stdin') });
  assert.deepEqual(
    out.map((m) => [m.source, m.object.metadata.name]),
    [
      [file, 'file'],
      ['STDIN', 'stdin'],
    ],
  );
  assert.deepEqual(
    out.map((m) => m.dir),
    [dir, undefined],
    'a file records its absolute folder, stdin none',
  );
});

test('manifests - a relative path records the absolute folder of the file', async () => {
  mkdirSync(join(dir, 'rel'), { recursive: true });
  writeFileSync(join(dir, 'rel', 'r.yaml'), cm('r'));
  const here = process.cwd();
  process.chdir(dir);
  try {
    const [m] = await readManifests(['rel/r.yaml']);
    assert.equal(m!.dir, join(dir, 'rel'));
  } finally {
    process.chdir(here);
  }
});

test('manifests - a missing path is an error naming it', async () => {
  await assert.rejects(readManifests([join(dir, 'nope.yaml')]), /the path ".*nope\.yaml" does not exist/);
});
