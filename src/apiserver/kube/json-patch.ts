/**
 * RFC 6902 JSON Patch (`application/json-patch+json`, `kubectl patch --type=json`): add, remove, replace,
 * move, copy and test over RFC 6901 pointers. Written by hand (no runtime dependency does just this); the
 * target is never modified, and a failed operation is a 422 naming the operation and path, as Kubernetes
 * answers it.
 */
import { isPlainObject } from '../../api/object.js';
import { ApiError, badRequest } from '../../errors.js';
import { jsonEqual } from '../../store/merge-patch.js';

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw badRequest('a JSON patch must be an array of operations');
  let doc = structuredClone(target);
  patch.forEach((raw, index) => {
    const op = checkOperation(raw, index);
    try {
      doc = applyOne(doc, op);
    } catch (err) {
      if (err instanceof PatchError) {
        throw new ApiError(
          422,
          'Invalid',
          `the server rejected our request due to an error in our request: ${op.op} operation ${index} on "${op.path}": ${err.message}`,
        );
      }
      throw err;
    }
  });
  return doc;
}

class PatchError extends Error {}

function checkOperation(raw: unknown, index: number): Operation {
  if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
    throw badRequest(`JSON patch operation ${index} needs a string "op" and "path"`);
  }
  if ((raw.op === 'move' || raw.op === 'copy') && typeof raw.from !== 'string') {
    throw badRequest(`JSON patch operation ${index} (${raw.op}) needs a string "from"`);
  }
  if (['add', 'replace', 'test'].includes(raw.op) && !('value' in raw)) {
    throw badRequest(`JSON patch operation ${index} (${raw.op}) needs a "value"`);
  }
  return raw as unknown as Operation;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function get(doc: unknown, tokens: string[]): unknown {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false)];
    else if (isPlainObject(cur) && Object.hasOwn(cur, t)) cur = cur[t];
    else throw new PatchError(`missing value at "${t}"`);
  }
  return cur;
}

function arrayIndex(arr: unknown[], token: string, forAdd: boolean): number {
  if (forAdd && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchError(`invalid array index "${token}"`);
  const i = Number(token);
  if (i > arr.length || (!forAdd && i === arr.length)) throw new PatchError(`array index ${i} out of bounds`);
  return i;
}

function parentOf(doc: unknown, tokens: string[]): [Container, string] {
  const parent = get(doc, tokens.slice(0, -1));
  if (!Array.isArray(parent) && !isPlainObject(parent))
    throw new PatchError('the parent is not an object or array');
  return [parent, tokens[tokens.length - 1]!];
}

function add(doc: unknown, tokens: string[], value: unknown): unknown {
  if (tokens.length === 0) return value;
  const [parent, key] = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
  else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  return doc;
}

function remove(doc: unknown, tokens: string[]): unknown {
  if (tokens.length === 0) throw new PatchError('cannot remove the whole document');
  const [parent, key] = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false), 1);
  else if (Object.hasOwn(parent, key)) delete parent[key];
  else throw new PatchError(`missing value at "${key}"`);
  return doc;
}

function applyOne(doc: unknown, op: Operation): unknown {
  const path = parsePointer(op.path);
  switch (op.op) {
    case 'add':
      return add(doc, path, structuredClone(op.value));
    case 'remove':
      return remove(doc, path);
    case 'replace':
      if (path.length === 0) return structuredClone(op.value);
      return add(remove(doc, path), path, structuredClone(op.value));
    case 'move': {
      const from = parsePointer(op.from!);
      const value = get(doc, from);
      return add(remove(doc, from), path, value);
    }
    case 'copy':
      return add(doc, path, structuredClone(get(doc, parsePointer(op.from!))));
    case 'test':
      if (!jsonEqual(get(doc, path), op.value)) throw new PatchError('test failed');
      return doc;
    default:
      throw new PatchError(`unknown operation "${op.op}"`);
  }
}
