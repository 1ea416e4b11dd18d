import {
  grantedModulePermissions,
  matchLayerPath,
  moduleRouteRefusal,
  moduleUseRefusal,
  notRegistered,
  type ModuleSnapshot,
} from '@aiconnected/modules';
import { ShellError, type ModuleHttpTarget } from '@aiconnected/sdk-contracts';
import type { GatewayCaller } from './gateway-types';
import { routePlanOf } from './route-plan';

/** What a request may be forwarded with, once every check passed. */
export interface GatewayRoute {
  version: string;
  target: ModuleHttpTarget;
  /** The claims' `perms`. */
  permissions: readonly string[];
}

/** Whether a path segment is (or encodes) a dot segment a target would resolve away. */
function isDotSegment(segment: string): boolean {
  try {
    const decoded = decodeURIComponent(segment);
    return decoded === '.' || decoded === '..' || decoded.includes('/') || decoded.includes('\\');
  } catch {
    return true;
  }
}

/**
 * Steps 2-5 of the gateway's enforcement order (docs/modules.md "Gateway"), from the snapshot
 * of the caller's active workspace, no database: `MODULE_NOT_REGISTERED`, `MODULE_NOT_ENABLED`
 * (`details.state`), the route (`NOT_FOUND` `{ module_key, method, path }` for no admin
 * `apiRoutes` entry of that method and path, then `moduleRouteRefusal`'s `PERMISSION_DENIED`,
 * then for a module-ui token every route permission in its `perms`, else `PERMISSION_DENIED`
 * `{ module_key, reason: 'token_scope', required_permission }`), then a paid module's billing
 * (`BILLING_SUSPENDED` / `BILLING_REQUIRED`). Throws the refusal.
 */
export function resolveGatewayRoute(
  snapshot: ModuleSnapshot,
  caller: GatewayCaller,
  moduleKey: string,
  method: string,
  path: string,
): GatewayRoute {
  const module = snapshot.modules.get(moduleKey);
  if (module === undefined) throw notRegistered(moduleKey);
  const { manifest, version } = module;
  if (module.state !== 'enabled' || manifest === null || version === null) {
    throw new ShellError('MODULE_NOT_ENABLED', `module ${moduleKey} is not enabled here`, {
      details: { module_key: moduleKey, state: module.state ?? 'not_installed' },
    });
  }
  const plan = routePlanOf(manifest);
  const routes = plan.routesByMethod.get(method);
  const route =
    routes === undefined ||
    path.split('/').some((segment) => segment !== '' && isDotSegment(segment))
      ? null
      : matchLayerPath(routes, path);
  if (route === null) {
    throw new ShellError('NOT_FOUND', `module ${moduleKey} has no route ${method} ${path}`, {
      userMessage: 'This module has no such route.',
      details: { module_key: moduleKey, method, path },
    });
  }
  const { context, memberships, tokenPermissions } = caller;
  const refusal = moduleRouteRefusal(memberships, context.permissions, moduleKey, route);
  if (refusal !== null) throw refusal;
  if (tokenPermissions !== undefined) {
    const missing = (route.permissions ?? []).find((key) => !tokenPermissions.includes(key));
    if (missing !== undefined) {
      throw new ShellError('PERMISSION_DENIED', `module-ui token lacks ${missing}`, {
        userMessage: "This module's access token does not allow this action.",
        details: { module_key: moduleKey, reason: 'token_scope', required_permission: missing },
      });
    }
  }
  if (manifest.paid && snapshot.entitlement !== null) {
    const billing = moduleUseRefusal(snapshot.entitlement);
    if (billing !== null) throw billing;
  }
  return {
    version,
    target: plan.target,
    permissions:
      tokenPermissions ??
      grantedModulePermissions(memberships, context.permissions, manifest.permissions),
  };
}
