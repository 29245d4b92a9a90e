/**
 * Knative's CRD schemas (../shared/data/knative-crds) as validators, with ajv: what the Kubernetes API
 * server's schema step would refuse before any webhook sees an object. Undefined when the folder is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { sharedDataPath } from './ebb.js';

export interface CrdSchemas {
  /** Errors of `obj` against its kind's schema ([] when valid); undefined when no CRD covers it. */
  check(obj: any): string[] | undefined;
}

const K8S_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
];

export function loadCrdSchemas(...area: string[]): CrdSchemas | undefined {
  const dir = sharedDataPath('knative-crds', ...area);
  if (!dir || !existsSync(dir)) return undefined;
  const schemas = new Map<string, object>();
  for (const file of readdirSync(dir)) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions ?? []) {
        if (v.schema?.openAPIV3Schema)
          schemas.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, v.schema.openAPIV3Schema);
      }
    }
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const k of K8S_KEYWORDS) ajv.addKeyword(k);
  // Formats the API server accepts without checking them here (numbers' widths, byte, date-time, …).
  for (const f of ['int32', 'int64', 'byte', 'date-time', 'uri', 'double', 'float', 'uuid'])
    ajv.addFormat(f, true);
  return {
    check(obj) {
      const schema = schemas.get(`${obj.apiVersion}/${obj.kind}`);
      if (!schema) return undefined;
      return ajv.validate(schema, obj) ? [] : (ajv.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    },
  };
}
