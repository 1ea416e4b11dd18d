import type { SnapshotApiRoute, SnapshotManifest } from '@aiconnected/modules';
import type { ModuleHttpTarget } from '@aiconnected/sdk-contracts';

/** What the gateway precomputes of one installed manifest (kept while its snapshot is). */
export interface RoutePlan {
  /** Admin API routes by method (upper case). */
  routesByMethod: ReadonlyMap<string, readonly SnapshotApiRoute[]>;
  target: ModuleHttpTarget;
}

const plans = new WeakMap<SnapshotManifest, RoutePlan>();

/**
 * The route plan of a snapshot's manifest, computed once per manifest object (a snapshot is
 * reused while cached, so the hot path only looks it up; a new snapshot gets a new plan).
 */
export function routePlanOf(manifest: SnapshotManifest): RoutePlan {
  let plan = plans.get(manifest);
  if (plan === undefined) {
    const routesByMethod = new Map<string, SnapshotApiRoute[]>();
    for (const route of manifest.admin.apiRoutes) {
      const method = route.method.toUpperCase();
      routesByMethod.set(method, [...(routesByMethod.get(method) ?? []), route]);
    }
    plan = { routesByMethod, target: { type: 'http', ...manifest.target } };
    plans.set(manifest, plan);
  }
  return plan;
}
