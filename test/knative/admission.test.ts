/**
 * Admission against Knative's own webhook code: a corpus of Service manifests (valid, edge and invalid —
 * the base below with one change each) goes through knative.dev/serving's SetDefaults + Validate
 * (test/knative/admission, built from the Go module proxy) and through Ebb's admission. Verdicts must
 * agree for every manifest but the deliberate deviations listed with their reasons; where both refuse,
 * they must name the same field paths, in knative.dev/pkg's spelling; where both accept, the defaulted
 * objects must be the same. Skips without Go.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { admit } from '../../src/api/admission.js';
import type { KindDef } from '../../src/api/kind.js';
import type { KObject } from '../../src/api/object.js';
import { SERVICE } from '../../src/api/serving/service.js';
import { ctx } from '../../src/api/serving/testing.js';
import { buildKnativeProgram, goToolchain, runKnativeProgram } from '../helpers/knative-go.js';
import { CORPUS, OTHERS, service } from './admission-corpus.js';

interface KnativeVerdict {
  errors: { message: string; paths?: string[]; level: string }[];
  defaulted?: any;
}

/**
 * Both sides as JSON compares them: keys sorted; what Go's encoding omits dropped on both (a zero
 * `creationTimestamp`, empty `annotations`/`labels` maps, a `metadata` left empty).
 */
function normalize(value: any): any {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = normalize(value[k]);
      if (k === 'creationTimestamp' && v === null) continue;
      const empty = v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;
      if (empty && (k === 'annotations' || k === 'labels' || k === 'metadata')) continue;
      out[k] = v;
    }
    return out;
  }
  return value;
}

/** Where Ebb's stored object differs from Knative's on purpose, and why. */
const DEFAULT_DEVIATIONS: Record<string, string> = {
  'cpu request 0.5':
    'Kubernetes stores quantities in canonical form (0.5 → 500m); Ebb keeps them as written, the same amount',
};

/**
 * Where Ebb decides differently on purpose, and why. A container with a `command` and no image runs a
 * local process (Ebb's way to run code without building an image); `ebb export` names the image to set.
 */
const DEVIATIONS: Record<string, string> = {
  'env with value and valueFrom':
    "Knative's webhook lets it through and the Revision's Deployment is then refused by Kubernetes' Pod validation; Ebb has no Deployment step, so it refuses at admission",
};

describe('knative parity - admission of Services', () => {
  const go = goToolchain();
  let binary = '';
  before(async () => {
    if (go) binary = await buildKnativeProgram(go, 'admission', (l) => console.log(l));
  });

  test(`${CORPUS.length + OTHERS.length} manifests: Ebb accepts exactly what Knative accepts, and defaults the same`, {
    skip: go ? false : 'Go is not installed',
  }, () => {
    const cases: [string, KindDef, KObject][] = [
      ...CORPUS.map(([name, mutate]): [string, KindDef, KObject] => [name, SERVICE, service(mutate)]),
      ...OTHERS,
    ];
    const manifests = cases.map(([, , obj]) => obj);
    const knative = runKnativeProgram<KnativeVerdict[]>(binary, manifests);
    const disagreements: string[] = [];
    const pathNotes: string[] = [];
    const defaultDiffs: string[] = [];
    cases.forEach(([name, def], i) => {
      const kErrors = knative[i]!.errors.filter((e) => e.level === 'Error');
      let ebbPaths: string[] = [];
      try {
        const stored = admit(def, manifests[i]!, ctx());
        if (kErrors.length === 0 && !DEFAULT_DEVIATIONS[name]) {
          const ours = JSON.stringify(normalize(stored.spec));
          const theirs = JSON.stringify(normalize(knative[i]!.defaulted?.spec));
          if (ours !== theirs) defaultDiffs.push(`${name}:\n    Knative ${theirs}\n    Ebb     ${ours}`);
        }
      } catch (err: any) {
        if (err?.status !== 422) throw err;
        ebbPaths = (err.details?.causes ?? []).map((c: any) => c.field);
      }
      // A decode failure (the API server's schema step) carries no path from the Go program: not compared.
      const decoded = kErrors.every((e) => !e.message.startsWith('decode: '));
      const kPaths = kErrors.flatMap((e) => e.paths ?? []);
      const ebbRejects = ebbPaths.length > 0;
      const kRejects = kErrors.length > 0;
      if (ebbRejects !== kRejects && !DEVIATIONS[name]) {
        disagreements.push(
          `${name}: Knative ${kRejects ? `rejects (${kErrors.map((e) => `${e.paths?.join(',')}: ${e.message}`).join('; ')})` : 'accepts'}, Ebb ${ebbRejects ? `rejects (${ebbPaths.join(', ')})` : 'accepts'}`,
        );
      } else if (kRejects && ebbRejects && decoded && kPaths.sort().join() !== ebbPaths.sort().join()) {
        pathNotes.push(`${name}: Knative ${kPaths.join(', ')} | Ebb ${ebbPaths.join(', ')}`);
      }
    });
    console.log(`${cases.length} manifests: verdicts, field paths and defaults compared`);
    assert.deepEqual(disagreements, [], `verdicts differ:\n${disagreements.join('\n')}`);
    assert.deepEqual(defaultDiffs, [], `defaults differ:\n${defaultDiffs.join('\n')}`);
    assert.deepEqual(pathNotes, [], `field paths differ:\n${pathNotes.join('\n')}`);
  });
});
