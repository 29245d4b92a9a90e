/**
 * `kubectl auth can-i` against Ebb: the `authorization.k8s.io/v1` reviews, answered without storing
 * anything. Ebb's API has no authentication or authorization (it listens on loopback), so every review
 * says allowed, with a reason that says why; `can-i --list` gets one rule that allows everything.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPlainObject } from '../../api/object.js';
import { ApiError, badRequest } from '../../errors.js';
import { decodeObject, readBody } from '../body.js';
import { sendJson } from '../resources.js';

export const AUTHORIZATION_GROUP_VERSION = 'authorization.k8s.io/v1';
const PREFIX = `/apis/${AUTHORIZATION_GROUP_VERSION}/`;
const REASON = 'Ebb has no authorization: every request to its API is allowed';

/** The reviews, as discovery lists them. */
export const AUTHORIZATION_RESOURCES = [
  { name: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview' },
  { name: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview' },
].map((r) => ({ ...r, singularName: r.kind.toLowerCase(), namespaced: false, verbs: ['create'] }));

/** Serves a review POST and returns true, or returns false when `pathname` is not a review. */
export async function serveAuthorization(
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (!pathname.startsWith(PREFIX)) return false;
  const resource = AUTHORIZATION_RESOURCES.find((r) => pathname === PREFIX + r.name);
  if (!resource) return false;
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    throw new ApiError(405, 'MethodNotAllowed', `${resource.name} only accepts POST (create)`);
  }
  const body = decodeObject(await readBody(req), req.headers['content-type']);
  if (!isPlainObject(body) || !isPlainObject(body.spec)) throw badRequest(`a ${resource.kind} needs a spec`);
  const status =
    resource.kind === 'SelfSubjectAccessReview'
      ? { allowed: true, reason: REASON }
      : {
          resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
          nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          incomplete: false,
        };
  sendJson(res, 201, {
    kind: resource.kind,
    apiVersion: AUTHORIZATION_GROUP_VERSION,
    metadata: { creationTimestamp: null },
    spec: body.spec,
    status,
  });
  return true;
}
