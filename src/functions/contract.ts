/**
 * The handler contract of Knative func's Node and TypeScript runtime (faas-js-runtime, whose `index.d.ts`
 * and `lib/types.d.ts` this mirrors), so the handler files `func create -l typescript|node` writes run here
 * unchanged:
 *
 * - a module exports `handle(context, body?)` (an HTTP function) — as `handle`, as its default export, or
 *   as `module.exports` itself — or a Function object: `handle`, with optional `init()` (before the server
 *   listens), `shutdown()` (on SIGTERM, before exit), `liveness()` and `readiness()` (the health
 *   endpoints' answers);
 * - for a CloudEvent request the second argument is the event (a `cloudevents` SDK CloudEvent), also on
 *   `context.cloudevent`;
 * - it returns a CloudEvent (sent back as the reply, binary mode), a `{ body, headers, statusCode }`
 *   structure (a CloudEvents SDK `Message` is one), a string (text/plain), another object (JSON), or
 *   nothing (204).
 */

/** What `context.log` offers (pino's level methods, as faas-js-runtime passes fastify's logger). */
export interface FunctionLogger {
  trace(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  fatal(...args: unknown[]): void;
}

export type Handle = (context: unknown, body?: unknown) => unknown;
export type Lifecycle = () => unknown;

export interface FunctionModule {
  handle: Handle;
  init?: Lifecycle;
  shutdown?: Lifecycle;
  liveness?: Lifecycle;
  readiness?: Lifecycle;
}

const LIFECYCLE = ['init', 'shutdown', 'liveness', 'readiness'] as const;

/** The Function a loaded module exports, or why it exports none. */
export function functionOf(exported: Record<string, unknown>): FunctionModule | string {
  const candidates = [exported, exported.default as Record<string, unknown> | undefined];
  for (const c of candidates) {
    if (typeof c === 'function') return { handle: c as Handle };
    if (!c || typeof c !== 'object') continue;
    if (typeof c.handle !== 'function') continue;
    const fn: FunctionModule = { handle: c.handle as Handle };
    for (const name of LIFECYCLE) {
      if (c[name] === undefined) continue;
      if (typeof c[name] !== 'function') return `export "${name}" must be a function, is ${typeof c[name]}`;
      fn[name] = c[name] as Lifecycle;
    }
    return fn;
  }
  const names = Object.keys(exported).filter((k) => k !== 'default');
  return `the module exports no "handle" function (exports: ${names.length ? names.join(', ') : 'none'})`;
}
