/**
 * The CloudEvents Python SDK side of the interop tests: a virtualenv in the interop cache with
 * `cloudevents` (PYTHON_SDK_VERSION) from PyPI, created once, and the scripts in test/interop/python (a
 * sender and a stdlib http.server subscriber). Without python3 (with venv) `pythonToolchain()` is
 * undefined and the tests skip; with it, a failed install fails them.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from './ebb.js';
import {
  findTool,
  interopCache,
  type LineSubscriber,
  run,
  runLineSender,
  startLineSubscriber,
} from './sdk-process.js';

/** The newest `cloudevents` on PyPI when these tests were written; bump to test a newer SDK. */
export const PYTHON_SDK_VERSION = '2.2.0';

const SCRIPTS = repoPath('test', 'interop', 'python');

export const pythonToolchain = (): string | undefined => {
  const python = findTool(['python3'], ['-c', 'import venv, ensurepip']);
  return python;
};

export type PythonMode = 'v1-binary' | 'v1-structured' | 'core-binary' | 'core-structured';

/** What the Python sender printed for one event. */
export interface PythonSent {
  id: string;
  attributes: Record<string, string>;
  status: number;
  body: string;
}

/** What the Python subscriber printed for one request: the event as each SDK API reads it. */
export interface PythonReceived {
  path: string;
  id: string | null;
  v1: Record<string, string>;
  core: Record<string, string>;
  dataLength: number;
  dataSha256: string;
}

/** The venv's python, creating the venv and installing the SDK on first use. */
export async function preparePythonInterop(python: string, log: (line: string) => void): Promise<string> {
  const venv = interopCache('python', `cloudevents-${PYTHON_SDK_VERSION}`);
  const bin = join(venv, 'bin', 'python');
  const marker = join(venv, '.installed');
  if (existsSync(marker) && existsSync(bin)) return bin;
  rmSync(venv, { recursive: true, force: true });
  log(`interop: creating a Python venv with cloudevents==${PYTHON_SDK_VERSION} in ${venv} (first run only)`);
  await run(python, ['-m', 'venv', venv]);
  await run(bin, [
    '-m',
    'pip',
    'install',
    '--disable-pip-version-check',
    '-q',
    `cloudevents==${PYTHON_SDK_VERSION}`,
  ]);
  writeFileSync(marker, `cloudevents==${PYTHON_SDK_VERSION}\n`);
  log('interop: Python SDK installed');
  return bin;
}

export const startPythonSubscriber = (venvPython: string): Promise<LineSubscriber<PythonReceived>> =>
  startLineSubscriber<PythonReceived>(venvPython, ['-u', join(SCRIPTS, 'subscriber.py')]);

export const pythonSend = (venvPython: string, target: string, mode: PythonMode, specs: unknown[]) =>
  runLineSender<PythonSent>(venvPython, [join(SCRIPTS, 'sender.py'), target, mode], specs);
