/**
 * `ebb usage` output: a table per revision (requests, request-seconds, replica-seconds, memory in MiB·s,
 * the share of time at zero replicas, replicas now), or the `RevisionUsageList` as JSON or YAML.
 */
import type { RevisionUsage } from '../../serving/usage/index.js';
import { CliError } from '../errors.js';
import { toYaml } from './output.js';
import { formatTable } from './table.js';

export const USAGE_OUTPUT_MODES = ['table', 'json', 'yaml'] as const;
export type UsageOutputMode = (typeof USAGE_OUTPUT_MODES)[number];

export interface UsageList {
  kind: 'RevisionUsageList';
  at: string;
  sinceSeconds?: number;
  items: RevisionUsage[];
}

export function parseUsageOutputMode(text: string | undefined): UsageOutputMode {
  if (text === undefined || text === '') return 'table';
  if ((USAGE_OUTPUT_MODES as readonly string[]).includes(text)) return text as UsageOutputMode;
  throw new CliError(`unknown output format "${text}" for ebb usage, allowed formats are: json, yaml`);
}

const HEADERS = [
  'REVISION',
  'SERVICE',
  'REQUESTS',
  'REQUEST-SECONDS',
  'REPLICA-SECONDS',
  'MEMORY-MIB-SECONDS',
  'AT-ZERO',
  'REPLICAS',
  'FROM',
];

/** The text to print (ends with a newline unless empty). */
export function renderUsage(
  list: UsageList,
  opts: { mode: UsageOutputMode; allNamespaces?: boolean },
): string {
  if (opts.mode === 'json') return `${JSON.stringify(list, null, 2)}\n`;
  if (opts.mode === 'yaml') return toYaml(list);
  if (list.items.length === 0) return '';
  const rows = [
    opts.allNamespaces ? ['NAMESPACE', ...HEADERS] : HEADERS,
    ...list.items.map((u) => {
      const row = [
        u.revision,
        u.service || '-',
        String(u.requests),
        seconds(u.requestSeconds),
        seconds(u.replicaSeconds),
        seconds(u.memoryMiBSeconds),
        u.observedSeconds > 0 ? `${Math.round((100 * u.zeroReplicaSeconds) / u.observedSeconds)}%` : '-',
        String(u.replicas),
        u.from,
      ];
      return opts.allNamespaces ? [u.namespace, ...row] : row;
    }),
  ];
  return `${formatTable(rows).join('\n')}\n`;
}

/** Whole numbers from 100, one decimal from 1, three below (a fast request is a few ms). */
const seconds = (n: number): string => n.toFixed(n >= 100 ? 0 : n >= 1 ? 1 : 3);
