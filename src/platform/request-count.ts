/**
 * The router's own count of the requests it answered per revision, under Knative's name and labels
 * (queue-proxy's `revision_request_count`: `response_code`, `response_code_class`). It is counted where the
 * router ends a request, apart from the usage meter, so `ebb usage` can be checked against it.
 */
import { Counter, type Registry } from 'prom-client';
import type { RevisionKey, RuntimeRevision } from '../serving/types.js';

export type CountRequest = (key: RevisionKey, status: number) => void;

export function registerRequestCount(
  registry: Registry,
  built: Map<RevisionKey, RuntimeRevision>,
): CountRequest {
  const counter = new Counter({
    name: 'revision_request_count',
    help: 'Requests the router answered for the revision, by response code (499: the client left first).',
    labelNames: [
      'namespace_name',
      'service_name',
      'configuration_name',
      'revision_name',
      'response_code',
      'response_code_class',
    ] as const,
    registers: [registry],
  });
  return (key, status) => {
    const rev = built.get(key);
    const [namespace = '', name = ''] = key.split('/');
    counter.inc({
      namespace_name: namespace,
      service_name: rev?.env.K_SERVICE ?? '',
      configuration_name: rev?.env.K_CONFIGURATION ?? '',
      revision_name: name,
      response_code: String(status),
      response_code_class: `${Math.floor(status / 100)}xx`,
    });
  };
}
