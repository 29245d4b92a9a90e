/**
 * Validation errors with field paths, modelled on knative.dev/pkg/apis.FieldError: errors are built at
 * the leaf and prefixed on the way out (`viaField('spec')`, `viaIndex(1)`), so a user reads
 * `spec.traffic[1].percent` and exactly what is wrong with it.
 */

export interface FieldCause {
  /** Dotted path with indexes, e.g. `spec.template.spec.containers[0].image`. */
  field: string;
  message: string;
  /** Kubernetes cause type: FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, ... */
  reason: string;
}

interface Entry {
  message: string;
  paths: string[];
  details?: string;
  reason: string;
}

export class FieldError {
  private constructor(private readonly entries: Entry[]) {}

  static empty(): FieldError {
    return new FieldError([]);
  }

  /** A single error. `paths` are relative to wherever the error is later attached. */
  static of(
    message: string,
    paths: string | string[],
    reason = 'FieldValueInvalid',
    details?: string,
  ): FieldError {
    const list = Array.isArray(paths) ? paths : [paths];
    return new FieldError([{ message, paths: list, reason, ...(details ? { details } : {}) }]);
  }

  static missing(...paths: string[]): FieldError {
    return FieldError.of('missing field(s)', paths, 'FieldValueRequired');
  }

  static invalidValue(value: unknown, path: string, details?: string): FieldError {
    return FieldError.of(`invalid value: ${formatValue(value)}`, path, 'FieldValueInvalid', details);
  }

  static outOfBounds(value: unknown, lower: unknown, upper: unknown, path: string): FieldError {
    return FieldError.of(`expected ${lower} <= ${value} <= ${upper}`, path, 'FieldValueInvalid');
  }

  static oneOf(paths: string[]): FieldError {
    return FieldError.of('expected exactly one, got neither', paths, 'FieldValueRequired');
  }

  static multipleOneOf(paths: string[]): FieldError {
    return FieldError.of('expected exactly one, got both', paths, 'FieldValueInvalid');
  }

  static disallowed(...paths: string[]): FieldError {
    return FieldError.of('must not set the field(s)', paths, 'FieldValueForbidden');
  }

  static immutable(path: string, details?: string): FieldError {
    return FieldError.of('Immutable fields changed (-old +new)', path, 'FieldValueForbidden', details);
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** Combine: returns a new error holding this error's entries and the others'. */
  also(...others: (FieldError | undefined | null)[]): FieldError {
    const all = [...this.entries];
    for (const other of others) if (other) all.push(...other.entries);
    return new FieldError(all);
  }

  /** Prefix every path with a field name: `viaField('spec')` turns `template` into `spec.template`. */
  viaField(...prefixes: string[]): FieldError {
    let out: FieldError = this;
    for (let i = prefixes.length - 1; i >= 0; i--) out = out.prefix(prefixes[i]!);
    return out;
  }

  /** Prefix every path with an index: `viaIndex(2)` turns `percent` into `[2].percent`. */
  viaIndex(index: number): FieldError {
    return this.prefix(`[${index}]`);
  }

  /** `viaFieldIndex('traffic', 1)` turns `percent` into `traffic[1].percent`. */
  viaFieldIndex(field: string, index: number): FieldError {
    return this.viaIndex(index).viaField(field);
  }

  /** `viaKey('foo')` turns `bar` into `[foo].bar`. */
  viaKey(key: string): FieldError {
    return this.prefix(`[${key}]`);
  }

  /** `spec` + `template` → `spec.template`; `spec` + `[0].x` → `spec[0].x`; `[0]` + `x` → `[0].x`. */
  private prefix(prefix: string): FieldError {
    return new FieldError(
      this.entries.map((e) => ({
        ...e,
        paths: e.paths.map((p) => (p === '' ? prefix : p.startsWith('[') ? prefix + p : `${prefix}.${p}`)),
      })),
    );
  }

  /** One cause per path, the shape of Kubernetes `Status.details.causes`. */
  causes(): FieldCause[] {
    const out: FieldCause[] = [];
    for (const e of this.entries) {
      const message = e.details ? `${e.message}: ${e.details}` : e.message;
      for (const field of e.paths) out.push({ field, message, reason: e.reason });
    }
    return out;
  }

  /** Knative's text form: `message: path1, path2` per entry, entries joined by newlines. */
  toString(): string {
    return this.entries
      .map((e) => {
        const base = `${e.message}: ${[...e.paths].sort().join(', ')}`;
        return e.details ? `${base}\n${e.details}` : base;
      })
      .join('\n');
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
