/**
 * `ebb get` output modes: table, wide, json, yaml, name. JSON and YAML print one object as itself and
 * several as a `List`; Secret values are redacted unless `showSecrets`.
 */
import { stringify } from 'yaml';
import type { KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import { CliError } from '../errors.js';
import { objectRef } from '../names.js';
import { redact } from '../redact.js';
import { objectTable } from './table.js';

export const OUTPUT_MODES = ['table', 'wide', 'json', 'yaml', 'name'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

export function parseOutputMode(text: string | undefined): OutputMode {
  if (text === undefined || text === '') return 'table';
  if ((OUTPUT_MODES as readonly string[]).includes(text)) return text as OutputMode;
  throw new CliError(
    `unable to match a printer suitable for the output format "${text}", allowed formats are: json, yaml, wide, name`,
  );
}

export interface RenderOptions {
  mode: OutputMode;
  /** A single object was asked for by name: json/yaml print it rather than a List. */
  single?: boolean;
  allNamespaces?: boolean;
  showSecrets?: boolean;
  now?: number;
}

/** The text to print (ends with a newline unless empty). */
export function renderObjects(def: KindDef, objects: KObject[], opts: RenderOptions): string {
  const shown = opts.showSecrets ? objects : objects.map(redact);
  switch (opts.mode) {
    case 'json':
    case 'yaml': {
      const value =
        opts.single && shown.length === 1 ? shown[0] : { apiVersion: 'v1', kind: 'List', items: shown };
      return opts.mode === 'json' ? `${JSON.stringify(value, null, 2)}\n` : toYaml(value);
    }
    case 'name':
      return shown.map((o) => `${objectRef(def, o.metadata.name)}\n`).join('');
    default: {
      if (shown.length === 0) return '';
      const lines = objectTable(def, shown, {
        wide: opts.mode === 'wide',
        allNamespaces: opts.allNamespaces ?? false,
        now: opts.now ?? Date.now(),
      });
      return `${lines.join('\n')}\n`;
    }
  }
}

/** YAML as kubectl writes it: no line folding, no anchors. */
export const toYaml = (value: unknown): string =>
  stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
