/**
 * The two variables a SinkBinding puts into its subject's containers, as Knative's `SinkBinding.Do` writes
 * them (and a ContainerSource, through its own binding, into its adapter): `K_SINK`, the resolved sink
 * URI, and `K_CE_OVERRIDES`, the JSON of `spec.ceOverrides` — `{"extensions":{...}}` with the keys in
 * order, as Go's encoding/json writes a map — or the empty string when the spec has none (Knative sets the
 * variable either way).
 */

export const K_SINK = 'K_SINK';
export const K_CE_OVERRIDES = 'K_CE_OVERRIDES';
/** What Knative's `Undo` strips before each `Do` (Ebb sets no CA certs, but a manifest might). */
export const BINDING_ENV_NAMES = [K_SINK, K_CE_OVERRIDES, 'K_CA_CERTS'] as const;

export function ceOverridesEnv(ceOverrides: unknown): string {
  if (!ceOverrides || typeof ceOverrides !== 'object') return '';
  const extensions = (ceOverrides as { extensions?: unknown }).extensions;
  if (!extensions || typeof extensions !== 'object') return '{}';
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(extensions).sort())
    sorted[key] = (extensions as Record<string, unknown>)[key];
  return Object.keys(sorted).length > 0 ? JSON.stringify({ extensions: sorted }) : '{}';
}

export function sinkEnv(sinkUri: string, ceOverrides: unknown): Record<string, string> {
  return { [K_SINK]: sinkUri, [K_CE_OVERRIDES]: ceOverridesEnv(ceOverrides) };
}
