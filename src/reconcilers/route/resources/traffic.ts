/**
 * Resolves a Route's traffic spec into concrete revisions (knative/serving pkg/reconciler/route/traffic):
 * `configurationName` targets take the configuration's latest ready revision, `revisionName` targets must
 * name a ready revision. The first problem found is reported in Knative's words.
 */
import { readyCondition } from '../../../api/conditions.js';
import type { KObject } from '../../../api/object.js';

export interface ResolvedTarget {
  tag?: string;
  revisionName: string;
  configurationName?: string;
  latestRevision: boolean;
  percent?: number;
  url?: string;
}

export interface TrafficProblem {
  status: 'False' | 'Unknown';
  reason: string;
  message: string;
}

export interface Lookup {
  configuration(name: string): KObject | undefined;
  revision(name: string): KObject | undefined;
}

export function resolveTraffic(
  route: KObject,
  lookup: Lookup,
): { targets: ResolvedTarget[]; problem?: TrafficProblem } {
  const targets: ResolvedTarget[] = [];
  for (const t of (route.spec?.traffic ?? []) as Record<string, any>[]) {
    let revisionName: string | undefined = t.revisionName;
    if (!revisionName) {
      const config = lookup.configuration(t.configurationName);
      if (!config) {
        return {
          targets,
          problem: {
            status: 'False',
            reason: 'ConfigurationMissing',
            message: `Configuration "${t.configurationName}" referenced in traffic not found.`,
          },
        };
      }
      revisionName = config.status?.latestReadyRevisionName as string | undefined;
      if (!revisionName) {
        return {
          targets,
          problem: {
            status: 'Unknown',
            reason: 'RevisionMissing',
            message: `Configuration "${t.configurationName}" is waiting for a Revision to become ready.`,
          },
        };
      }
    } else {
      const revision = lookup.revision(revisionName);
      if (!revision) {
        return {
          targets,
          problem: {
            status: 'False',
            reason: 'RevisionMissing',
            message: `Revision "${revisionName}" referenced in traffic not found.`,
          },
        };
      }
      const ready = readyCondition(revision.status);
      if (ready?.status !== 'True') {
        return {
          targets,
          problem: {
            status: ready?.status === 'False' ? 'False' : 'Unknown',
            reason: 'RevisionMissing',
            message: `Revision "${revisionName}" is not ready.`,
          },
        };
      }
    }
    const out: ResolvedTarget = { revisionName, latestRevision: t.latestRevision === true };
    if (t.tag) out.tag = t.tag;
    if (t.configurationName && !t.revisionName) out.configurationName = t.configurationName;
    if (t.percent !== undefined) out.percent = t.percent;
    targets.push(out);
  }
  return { targets };
}
