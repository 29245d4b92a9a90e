/**
 * Kind lookup for the CLI, the one place it imports the API registry: names and short names
 * (`ksvc`, `rev`, `cm`, ...), fully qualified names (`services.serving.knative.dev`), and objects'
 * apiVersion/kind.
 */
import type { KindDef } from '../api/kind.js';
import { kindForName, kindForObject } from '../api/registry.js';
import { CliError } from './errors.js';

/** The kind a CLI argument names; throws a CliError when there is none. */
export function resolveKind(name: string): KindDef {
  const def = kindForName(name);
  if (!def) throw new CliError(`the server doesn't have a resource type "${name}"`);
  return def;
}

export const findKind = (name: string): KindDef | undefined => kindForName(name);

/** The kind of a manifest object, or undefined when its apiVersion/kind is unknown. */
export const kindOfObject = (apiVersion: string, kind: string): KindDef | undefined =>
  kindForObject(apiVersion, kind);
