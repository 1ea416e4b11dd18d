import type { GoverningMembership } from '@aiconnected/permissions';
import {
  CAPABILITIES,
  getPermissionSuffix,
  PERMISSION_SUFFIX_ROLES,
  ShellError,
  type MinimumRole,
  type PermissionSuffix,
} from '@aiconnected/sdk-contracts';
import { satisfiesMinimumRole } from './satisfies-minimum-role';

const SHELL_CAPABILITIES: ReadonlySet<string> = new Set(CAPABILITIES);

/** A module API route as the gateway enforces it (the admin layer's `apiRoutes` entry). */
export interface ModuleRouteRule {
  minimumRole: MinimumRole;
  permissions?: readonly string[];
}

/** The role a module permission's suffix implies, or null for an unknown suffix (fails closed). */
function suffixRole(key: string): MinimumRole | null {
  const suffix = getPermissionSuffix(key);
  return Object.hasOwn(PERMISSION_SUFFIX_ROLES, suffix)
    ? PERMISSION_SUFFIX_ROLES[suffix as PermissionSuffix]
    : null;
}

/** `crm-lite.contacts.read` -> `crm-lite`; `crm-lite:read` -> `crm-lite`. */
const namespaceOf = (key: string) => key.split(/[.:]/, 1)[0] ?? '';

/**
 * Whether a caller holds permission `key` of module `moduleKey` in the active workspace
 * (docs/modules.md "Who may do what"): a shell capability when the request context's
 * `permissions` hold it; a key of the module's own namespace (`<moduleKey>.…` or
 * `<moduleKey>:…`) when the caller's governing memberships satisfy the role its suffix implies
 * (`PERMISSION_SUFFIX_ROLES`: read/list/view member, writes admin, manage/admin owner). Any
 * other key (another module's, an unknown suffix) is never held.
 */
export function holdsModulePermission(
  memberships: readonly GoverningMembership[],
  contextPermissions: readonly string[],
  moduleKey: string,
  key: string,
): boolean {
  if (SHELL_CAPABILITIES.has(key)) return contextPermissions.includes(key);
  if (namespaceOf(key) !== moduleKey) return false;
  const role = suffixRole(key);
  return role !== null && satisfiesMinimumRole(memberships, role);
}

/**
 * Why a caller may not call a module API route, or null when it may: the route's
 * `minimumRole` (`satisfiesMinimumRole`) first, then each of its `permissions` in order
 * (`holdsModulePermission`). The refusal is `PERMISSION_DENIED` with `details` `{ module_key,
 * minimum_role }` or `{ module_key, required_permission }`.
 */
export function moduleRouteRefusal(
  memberships: readonly GoverningMembership[],
  contextPermissions: readonly string[],
  moduleKey: string,
  route: ModuleRouteRule,
): ShellError | null {
  if (!satisfiesMinimumRole(memberships, route.minimumRole)) {
    return new ShellError('PERMISSION_DENIED', `module route needs ${route.minimumRole}`, {
      userMessage: 'Your role in this workspace does not allow this action of the module.',
      details: { module_key: moduleKey, minimum_role: route.minimumRole },
    });
  }
  const missing = (route.permissions ?? []).find(
    (key) => !holdsModulePermission(memberships, contextPermissions, moduleKey, key),
  );
  if (missing !== undefined) {
    return new ShellError('PERMISSION_DENIED', `module route needs ${missing}`, {
      userMessage: 'Your role in this workspace does not allow this action of the module.',
      details: { module_key: moduleKey, required_permission: missing },
    });
  }
  return null;
}

/**
 * The permissions of module `moduleKey`'s installed manifest (`manifestPermissions`, each a
 * shell capability or a key of the module's own namespace: the registry refuses any other)
 * that the caller holds (`holdsModulePermission`), in the manifest's order: what the gateway's
 * claims carry as `perms`.
 */
export function grantedModulePermissions(
  memberships: readonly GoverningMembership[],
  contextPermissions: readonly string[],
  moduleKey: string,
  manifestPermissions: readonly string[],
): string[] {
  return manifestPermissions.filter((key) =>
    holdsModulePermission(memberships, contextPermissions, moduleKey, key),
  );
}

/**
 * What a module UI token may carry now: the permissions an admin granted to the module's UI
 * tokens in the workspace (`tokenPermissions` of the installation) that the caller also holds
 * (`grantedModulePermissions`). The runtime answers them; the gateway intersects a token's
 * `perms` with them on every request, so a withdrawn grant or role applies at once.
 */
export function uiTokenModulePermissions(
  memberships: readonly GoverningMembership[],
  contextPermissions: readonly string[],
  moduleKey: string,
  manifestPermissions: readonly string[],
  tokenPermissions: readonly string[],
): string[] {
  const granted = new Set(tokenPermissions);
  return grantedModulePermissions(
    memberships,
    contextPermissions,
    moduleKey,
    manifestPermissions,
  ).filter((key) => granted.has(key));
}
