/**
 * Reads a request body within a byte limit and decodes it (JSON, YAML for convenience, or the protobuf
 * kubectl sends for core kinds). Exceeding the
 * limit is a 413 that names the limit; undecodable bodies are a 400 that says where decoding failed.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../errors.js';
import { decodeProtobuf } from './kube/protobuf.js';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** Kubernetes' own request limit is 3 MiB; a manifest is far smaller. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit, declared);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit, size);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number, size: number): ApiError {
  return new ApiError(
    413,
    'RequestEntityTooLarge',
    `request body of at least ${size} bytes exceeds the limit of ${limit} bytes`,
  );
}

export function decodeObject(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) throw badRequest('request body is empty: expected a JSON object');
  const type = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (type === PROTOBUF) return decodeProtobuf(body);
  const text = body.toString('utf8');
  if (type.endsWith('yaml')) {
    try {
      return parseYaml(text);
    } catch (err) {
      throw badRequest(`request body is not valid YAML: ${(err as Error).message}`);
    }
  }
  if (type === 'application/json' || type.endsWith('+json') || type === '') {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw badRequest(`request body is not valid JSON: ${(err as Error).message}`);
    }
  }
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format: ${type} (use application/json, application/merge-patch+json, application/json-patch+json or application/yaml)`,
  );
}
