/**
 * ChannelTemplateSpec: which kind of channel a Channel, Sequence or Parallel is backed by. Its default
 * comes from the `default-ch-webhook` ConfigMap (namespace `knative-eventing`, key `default-ch-config`),
 * in Knative's format (`clusterDefault` and `namespaceDefaults.<ns>`, each `{apiVersion, kind, spec?}`);
 * without it, an InMemoryChannel.
 */
import { parse } from 'yaml';
import { FieldError } from '../field-error.js';
import type { DefaultsContext } from '../kind.js';
import { clone } from '../object.js';
import { currentApiVersion } from './api-versions.js';
import { isObj, isSet, type Obj, str } from './util.js';

export const CHANNEL_DEFAULTS_NAMESPACE = 'knative-eventing';
export const CHANNEL_DEFAULTS_CONFIGMAP = 'default-ch-webhook';
export const CHANNEL_DEFAULTS_KEY = 'default-ch-config';

export interface ChannelTemplateSpec {
  apiVersion: string;
  kind: string;
  spec?: Record<string, unknown>;
}

/** The built-in default: an in-memory channel. A fresh object each call. */
export function builtinChannelTemplate(): ChannelTemplateSpec {
  return { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' };
}

function asTemplate(value: unknown): ChannelTemplateSpec | undefined {
  if (!isObj(value) || !str(value.apiVersion) || !str(value.kind)) return undefined;
  const out: ChannelTemplateSpec = { apiVersion: value.apiVersion as string, kind: value.kind as string };
  if (isObj(value.spec)) out.spec = clone(value.spec);
  return out;
}

/** The channel template for a new object in `namespace`. */
export function defaultChannelTemplate(ctx: DefaultsContext, namespace?: string): ChannelTemplateSpec {
  const text = ctx.config(CHANNEL_DEFAULTS_NAMESPACE, CHANNEL_DEFAULTS_CONFIGMAP)?.[CHANNEL_DEFAULTS_KEY];
  if (typeof text !== 'string') return builtinChannelTemplate();
  let cfg: unknown;
  try {
    cfg = parse(text);
  } catch {
    return builtinChannelTemplate();
  }
  if (!isObj(cfg)) return builtinChannelTemplate();
  const nsDefaults = isObj(cfg.namespaceDefaults) ? cfg.namespaceDefaults : {};
  return (
    (namespace ? asTemplate(nsDefaults[namespace]) : undefined) ??
    asTemplate(cfg.clusterDefault) ??
    builtinChannelTemplate()
  );
}

/** Knative's IsValidChannelTemplate: kind and apiVersion are required (errors relative to the template). */
export function validateChannelTemplate(ct: unknown): FieldError {
  if (!isObj(ct)) return FieldError.invalidValue(ct, '', 'expected an object {apiVersion, kind, spec?}');
  let errs = FieldError.empty();
  if (!str(ct.kind)) errs = errs.also(FieldError.missing('kind'));
  if (!str(ct.apiVersion)) errs = errs.also(FieldError.missing('apiVersion'));
  if (isSet(ct.spec) && !isObj(ct.spec)) errs = errs.also(FieldError.invalidValue(ct.spec, 'spec'));
  return errs;
}

/** Conversion: an older template's apiVersion (`messaging.knative.dev/v1alpha1`) to the current one. */
export function upgradeChannelTemplate(ct: unknown): unknown {
  if (!isObj(ct) || typeof ct.apiVersion !== 'string' || typeof ct.kind !== 'string') return ct;
  return { ...(ct as Obj), apiVersion: currentApiVersion(ct.apiVersion, ct.kind) };
}
