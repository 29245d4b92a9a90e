/**
 * Knative's trigger `filters` dialects (exact, prefix, suffix, all, any, not) compiled once per trigger
 * into a predicate. Entries of the list must all match; an empty list matches everything. An attribute
 * the event lacks never matches exact, prefix or suffix. CESQL expressions compile through `cesql`, given
 * by the caller (a separate engine).
 */
import type { EventRecord } from '../types.js';

export type Predicate = (event: EventRecord) => boolean;

export type CesqlCompiler = (expression: string) => Predicate;

export class UnsupportedFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedFilterError';
  }
}

export function compileFilters(filters: unknown[], cesql?: CesqlCompiler): Predicate {
  const compiled = filters.map((f) => compileFilter(f as Record<string, unknown>, cesql));
  if (compiled.length === 0) return () => true;
  if (compiled.length === 1) return compiled[0]!;
  return (e) => compiled.every((p) => p(e));
}

function compileFilter(f: Record<string, unknown>, cesql: CesqlCompiler | undefined): Predicate {
  if (f.exact) return attributeTest(f.exact, (v, want) => v === want);
  if (f.prefix) return attributeTest(f.prefix, (v, want) => v.startsWith(want));
  if (f.suffix) return attributeTest(f.suffix, (v, want) => v.endsWith(want));
  if (Array.isArray(f.all)) {
    const parts = f.all.map((x) => compileFilter(x, cesql));
    return (e) => parts.every((p) => p(e));
  }
  if (Array.isArray(f.any)) {
    const parts = f.any.map((x) => compileFilter(x, cesql));
    return (e) => parts.some((p) => p(e));
  }
  if (f.not) {
    const inner = compileFilter(f.not as Record<string, unknown>, cesql);
    return (e) => !inner(e);
  }
  if (typeof f.cesql === 'string') {
    if (!cesql) throw new UnsupportedFilterError('CESQL filters are not supported by this build');
    return cesql(f.cesql);
  }
  return () => true;
}

function attributeTest(map: unknown, test: (value: string, want: string) => boolean): Predicate {
  const pairs = Object.entries(map as Record<string, string>);
  return (e) =>
    pairs.every(([name, want]) => {
      const value = e.attributes[name];
      return value !== undefined && test(value, want);
    });
}
