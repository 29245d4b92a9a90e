/**
 * How kinds and objects are named in CLI output, as kubectl names them: `service.serving.knative.dev/x`
 * (kind.group/name) in apply and `-o name`, `services/x` (plural/name) in wait messages.
 */
import type { KindDef } from '../api/kind.js';

/** `service.serving.knative.dev`, or `secret` for core kinds. */
export const qualifiedKind = (def: KindDef): string =>
  def.group ? `${def.kind.toLowerCase()}.${def.group}` : def.kind.toLowerCase();

/** `services.serving.knative.dev`, or `secrets` for core kinds. */
export const qualifiedResource = (def: KindDef): string =>
  def.group ? `${def.plural}.${def.group}` : def.plural;

/** `service.serving.knative.dev/order-service`. */
export const objectRef = (def: KindDef, name: string): string => `${qualifiedKind(def)}/${name}`;
