import {
  enabledModuleOf,
  grantedModulePermissions,
  matchLayerPath,
  moduleRouteRefusal,
  moduleUseRefusal,
  notEnabled,
  uiTokenModulePermissions,
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
 * Whether the module gets the path the route match saw: no dot segment (also encoded) a target
 * would resolve away, and no empty segment but a trailing one (the match skips them, while a
 * module may read `//x/admin` as host `x` and path `/admin`).
 */
function isMatchablePath(path: string): boolean {
  const segments = path.split('/').slice(1);
  return segments.every(
    (segment, index) =>
      (segment !== '' || index === segments.length - 1) &&
      (segment === '' || !isDotSegment(segment)),
  );
}

/**
 * Steps 2-5 of the gateway's enforcement order (docs/modules.md "Gateway"), from the snapshot
 * of the caller's active workspace, no database: `MODULE_NOT_ENABLED` (`details.state`)
 * (`enabledModuleOf`), for a key the registry does not hold too (`not_installed`, the answer of
 * a registered module never installed here: the gateway does not tell which keys exist), the route (`NOT_FOUND` `{ module_key, method, path }`
 * for no admin `apiRoutes` entry of that method, HEAD matching GET routes, and path, or a
 * path with a dot segment or an empty one but the last, then
 * `moduleRouteRefusal`'s `PERMISSION_DENIED`, then for a module-ui token every route
 * permission in its `perms` that the installation still grants to UI tokens and the caller
 * still holds (`uiTokenModulePermissions`), else `PERMISSION_DENIED`
 * `{ module_key, reason: 'token_scope', required_permission }`), then a paid module's billing
 * (`BILLING_SUSPENDED` / `BILLING_REQUIRED`). The claims' `perms`: the manifest permissions the
 * caller holds, or for a token that intersection. Throws the refusal.
 */
export function resolveGatewayRoute(
  snapshot: ModuleSnapshot,
  caller: GatewayCaller,
  moduleKey: string,
  method: string,
  path: string,
): GatewayRoute {
  if (!snapshot.modules.has(moduleKey)) throw notEnabled(moduleKey, 'not_installed');
  const module = enabledModuleOf(snapshot, moduleKey);
  const { manifest, version } = module;
  const plan = routePlanOf(manifest);
  // HEAD is GET without the body (RFC 9110 §9.3.2): a GET route answers it.
  const routes = plan.routesByMethod.get(method === 'HEAD' ? 'GET' : method);
  const route =
    routes === undefined || !isMatchablePath(path) ? null : matchLayerPath(routes, path);
  if (route === null) {
    throw new ShellError('NOT_FOUND', `module ${moduleKey} has no route ${method} ${path}`, {
      userMessage: 'This module has no such route.',
      details: { module_key: moduleKey, method, path },
    });
  }
  const { context, memberships, tokenPermissions } = caller;
  const refusal = moduleRouteRefusal(memberships, context.permissions, moduleKey, route);
  if (refusal !== null) throw refusal;
  let permissions: readonly string[];
  if (tokenPermissions === undefined) {
    permissions = grantedModulePermissions(
      memberships,
      context.permissions,
      moduleKey,
      manifest.permissions,
    );
  } else {
    // What the token carries and is still granted to UI tokens and held by its user now.
    const allowed = uiTokenModulePermissions(
      memberships,
      context.permissions,
      moduleKey,
      manifest.permissions,
      module.tokenPermissions,
    );
    permissions = tokenPermissions.filter((key) => allowed.includes(key));
    const missing = (route.permissions ?? []).find((key) => !permissions.includes(key));
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
  return { version, target: plan.target, permissions };
}
