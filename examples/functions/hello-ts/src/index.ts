/**
 * hello-ts: greets whoever calls it — `?name=` on a GET, `{"name": ...}` in a POST's JSON body — with the
 * greeting from $GREETING (func.yaml's run.envs) and the Revision that answered ($K_REVISION, set by
 * Knative and Ebb; "local" under `ebb func run`).
 */
import type { Context, IncomingBody, StructuredReturn } from 'faas-js-runtime';

interface Greeting {
  greeting: string;
  revision: string;
}

export const handle = async (context: Context, body?: IncomingBody): Promise<StructuredReturn> => {
  if (context.method !== 'GET' && context.method !== 'POST') {
    return { statusCode: 405, body: `${context.method} is not supported: send GET or POST` };
  }
  const name = nameOf(context.query?.name) ?? nameOf((body as { name?: unknown } | undefined)?.name) ?? 'world';
  context.log.info(`greeting ${name}`);
  const answer: Greeting = {
    greeting: `${process.env.GREETING ?? 'Hello'}, ${name}!`,
    revision: process.env.K_REVISION ?? 'local',
  };
  return { body: answer };
};

const nameOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
