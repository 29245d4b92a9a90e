/**
 * `kubectl auth can-i` and `kubectl auth whoami` against Ebb: the `authorization.k8s.io/v1` reviews and
 * `authentication.k8s.io/v1` SelfSubjectReview, answered without storing anything. Ebb's API has no
 * authentication or authorization (it listens on loopback), so every review says allowed, with a reason
 * that says why; `can-i --list` gets one rule that allows everything; whoami is `system:anonymous`, what
 * Kubernetes calls an unauthenticated caller.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPlainObject } from '../../api/object.js';
import { ApiError, badRequest } from '../../errors.js';
import { decodeObject, readBody } from '../body.js';
import { sendJson } from '../resources.js';

export const AUTHORIZATION_GROUP_VERSION = 'authorization.k8s.io/v1';
export const AUTHENTICATION_GROUP_VERSION = 'authentication.k8s.io/v1';
const REASON = 'Ebb has no authorization: every request to its API is allowed';

const review = (name: string, kind: string) => ({
  name,
  kind,
  singularName: kind.toLowerCase(),
  namespaced: false,
  verbs: ['create'],
});

/** The reviews by group-version, as discovery lists them. */
export const REVIEW_RESOURCES: Record<string, ReturnType<typeof review>[]> = {
  [AUTHORIZATION_GROUP_VERSION]: [
    review('selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
    review('selfsubjectrulesreviews', 'SelfSubjectRulesReview'),
  ],
  [AUTHENTICATION_GROUP_VERSION]: [review('selfsubjectreviews', 'SelfSubjectReview')],
};

function statusOf(kind: string): Record<string, unknown> {
  if (kind === 'SelfSubjectAccessReview') return { allowed: true, reason: REASON };
  if (kind === 'SelfSubjectReview') {
    return { userInfo: { username: 'system:anonymous', groups: ['system:unauthenticated'] } };
  }
  return {
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  };
}

/** Serves a review POST and returns true, or returns false when `pathname` is not a review. */
export async function serveAuthorization(
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const slash = pathname.lastIndexOf('/');
  const groupVersion = pathname.slice('/apis/'.length, slash);
  if (!pathname.startsWith('/apis/')) return false;
  const resource = REVIEW_RESOURCES[groupVersion]?.find((r) => pathname.slice(slash + 1) === r.name);
  if (!resource) return false;
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    throw new ApiError(405, 'MethodNotAllowed', `${resource.name} only accepts POST (create)`);
  }
  const body = decodeObject(await readBody(req), req.headers['content-type']);
  if (!isPlainObject(body)) throw badRequest(`a ${resource.kind} must be an object`);
  const hasSpec = resource.kind !== 'SelfSubjectReview';
  if (hasSpec && !isPlainObject(body.spec)) throw badRequest(`a ${resource.kind} needs a spec`);
  sendJson(res, 201, {
    kind: resource.kind,
    apiVersion: groupVersion,
    metadata: { creationTimestamp: null },
    ...(hasSpec ? { spec: body.spec } : {}),
    status: statusOf(resource.kind),
  });
  return true;
}
