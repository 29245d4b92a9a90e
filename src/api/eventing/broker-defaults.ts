/**
 * Broker defaults from the `config-br-defaults` ConfigMap (namespace `knative-eventing`, key
 * `default-br-config`), in Knative's format:
 *
 *     clusterDefault:
 *       brokerClass: MTChannelBasedBroker
 *       apiVersion: v1
 *       kind: ConfigMap
 *       name: config-br-default-channel
 *       namespace: knative-eventing
 *       delivery: { retry: 10, backoffPolicy: exponential, backoffDelay: PT0.2S }
 *     namespaceDefaults:
 *       my-namespace: { brokerClass: ..., delivery: ... }
 *
 * `brokerClasses: {<class>: {...}}` under either level gives per-class config. Without the ConfigMap (or
 * with one Ebb cannot parse) the defaults are Knative's shipped ones: class MTChannelBasedBroker and that
 * delivery; no `spec.config`, because Ebb has no channel ConfigMap to point at.
 */
import { parse } from 'yaml';
import type { DefaultsContext } from '../kind.js';
import type { DeliverySpec } from './delivery.js';
import type { KReference } from './destination.js';
import { isObj, type Obj, str } from './util.js';

export const BROKER_DEFAULTS_NAMESPACE = 'knative-eventing';
export const BROKER_DEFAULTS_CONFIGMAP = 'config-br-defaults';
export const BROKER_DEFAULTS_KEY = 'default-br-config';
export const DEFAULT_BROKER_CLASS = 'MTChannelBasedBroker';

export interface BrokerDefaults {
  brokerClass: string;
  config?: KReference;
  delivery?: DeliverySpec;
}

/** Knative's shipped defaults; a fresh object each call. */
export function builtinBrokerDefaults(): BrokerDefaults {
  return {
    brokerClass: DEFAULT_BROKER_CLASS,
    delivery: { retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' },
  };
}

function readConfig(ctx: DefaultsContext): Obj | undefined {
  const data = ctx.config(BROKER_DEFAULTS_NAMESPACE, BROKER_DEFAULTS_CONFIGMAP);
  const text = data?.[BROKER_DEFAULTS_KEY];
  if (typeof text !== 'string') return undefined;
  try {
    const parsed: unknown = parse(text);
    return isObj(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function toDefaults(entry: Obj, brokerClass: string): BrokerDefaults {
  const out: BrokerDefaults = { brokerClass };
  const { apiVersion, kind, name, namespace } = entry;
  if (str(kind) && str(name)) {
    out.config = {
      apiVersion: str(apiVersion) ?? 'v1',
      kind: kind as string,
      name: name as string,
      ...(str(namespace) ? { namespace: namespace as string } : {}),
    };
  }
  if (isObj(entry.delivery)) out.delivery = entry.delivery as DeliverySpec;
  return out;
}

/** The class and config a Broker in `namespace` gets (for `brokerClass`, when the Broker names one). */
export function brokerDefaults(
  ctx: DefaultsContext,
  namespace?: string,
  brokerClass?: string,
): BrokerDefaults {
  const cfg = readConfig(ctx);
  if (!cfg) {
    const builtin = builtinBrokerDefaults();
    return brokerClass ? { ...builtin, brokerClass } : builtin;
  }
  const cluster = isObj(cfg.clusterDefault) ? cfg.clusterDefault : {};
  const nsDefaults = isObj(cfg.namespaceDefaults) ? cfg.namespaceDefaults : {};
  const ns = namespace && isObj(nsDefaults[namespace]) ? (nsDefaults[namespace] as Obj) : undefined;
  const cls = brokerClass ?? str(ns?.brokerClass) ?? str(cluster.brokerClass) ?? DEFAULT_BROKER_CLASS;
  // Knative's GetBrokerConfig: the namespace's entry for this class, else the cluster's entry for it,
  // else the cluster default.
  const classEntry = (level: Obj | undefined): Obj | undefined => {
    const perClass = level && isObj(level.brokerClasses) ? level.brokerClasses[cls] : undefined;
    return isObj(perClass) ? perClass : undefined;
  };
  if (ns && str(ns.brokerClass) === cls && (isObj(ns.delivery) || str(ns.name))) return toDefaults(ns, cls);
  return toDefaults(classEntry(ns) ?? classEntry(cluster) ?? cluster, cls);
}
