/**
 * `context.log`: pino's level methods, written as one line each to stdout (info and below) or stderr
 * (warn and above) — what `ebb logs` shows. The level is `FUNC_LOG_LEVEL` (faas-js-runtime's variable),
 * default `info` (faas-js-runtime's default is `warn`, which hides the templates' own `context.log.info`).
 */
import { format } from 'node:util';
import type { FunctionLogger } from './contract.js';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
type Level = (typeof LEVELS)[number];

export function functionLogger(level = process.env.FUNC_LOG_LEVEL ?? 'info'): FunctionLogger {
  const min = level === 'silent' ? LEVELS.length : Math.max(0, LEVELS.indexOf(level as Level));
  const logger = {} as FunctionLogger;
  LEVELS.forEach((name, i) => {
    logger[name] =
      i < min
        ? () => {}
        : (...args: unknown[]) => {
            const line = `${name}: ${format(...args)}\n`;
            (i >= 3 ? process.stderr : process.stdout).write(line);
          };
  });
  return logger;
}
