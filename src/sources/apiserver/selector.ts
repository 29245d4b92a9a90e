/**
 * Kubernetes label selectors in their object form ({matchLabels, matchExpressions}, as ApiServerSource's
 * `resources[].selector` and `namespaceSelector` hold them) turned into the string form the store's watch
 * and list take, as apimachinery's LabelSelectorAsSelector does: `k=v`, `k in (a,b)`, `k notin (a)`, `k`,
 * `!k`, joined with commas. A selector the store cannot parse is a SelectorError naming why.
 */
import { EbbError } from '../../errors.js';
import { type LabelSelector, parseLabelSelector } from '../../store/index.js';

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export class SelectorError extends EbbError {
  constructor(message: string, options?: ErrorOptions) {
    super('EBB_LABEL_SELECTOR', message, options);
  }
}

/** The string form of `selector`; '' (everything) for an empty or absent one. */
export function selectorString(selector: LabelSelectorObject | undefined): string {
  if (!selector) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) parts.push(`${key}=${value}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          throw new SelectorError(`for 'in', 'notin' operators, values set can't be empty (key ${e.key})`);
        parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${values.join(',')})`);
        break;
      case 'Exists':
        parts.push(e.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${e.key}`);
        break;
      default:
        throw new SelectorError(`"${e.operator}" is not a valid label selector operator`);
    }
  }
  const text = parts.join(',');
  // Parse once here so a bad key or value is reported where the selector is read, not at watch time.
  compileSelector(text);
  return text;
}

/** The store's matcher for a selector string; throws a SelectorError when it does not parse. */
export function compileSelector(text: string): LabelSelector {
  try {
    return parseLabelSelector(text);
  } catch (err) {
    throw new SelectorError((err as Error).message, { cause: err });
  }
}
