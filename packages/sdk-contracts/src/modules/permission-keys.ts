import { z } from 'zod';

/**
 * The suffixes a module route permission may end with (module developer rules). Any other
 * suffix fails closed with `ROUTE_PERMISSION_CONFIG_ERROR`.
 */
export const PERMISSION_SUFFIXES = [
  'read',
  'list',
  'view',
  'write',
  'create',
  'update',
  'delete',
  'publish',
  'manage',
  'admin',
  'configure',
] as const;
export type PermissionSuffix = (typeof PERMISSION_SUFFIXES)[number];

/**
 * The role a module API route requires, the enforcement source for module routes:
 * `member` for read/list/view, `admin` for create/update/delete/publish/configure, `owner`
 * only for tenant-critical operations.
 */
export const MINIMUM_ROLES = ['member', 'admin', 'owner'] as const;
export const minimumRoleSchema = z
  .enum(MINIMUM_ROLES)
  .meta({ id: 'ModuleMinimumRole', description: 'Least role allowed to call a module route' });
export type MinimumRole = z.infer<typeof minimumRoleSchema>;

// Segments separated by `.` or `:` (`crm-lite.contacts.read`, `module:read`).
const PERMISSION_KEY_PATTERN = /^[a-z][a-z0-9_-]*(?:[.:][a-z][a-z0-9_-]*)+$/;

/** The last segment of a permission key (`crm.contacts.read` -> `read`). */
export function getPermissionSuffix(key: string): string {
  return key.split(/[.:]/).pop() ?? '';
}

/**
 * The role a module permission's suffix implies (module developer rules): who holds a key of
 * a module's own namespace in a workspace. `read|list|view` any member; the writes an admin;
 * `manage|admin` (tenant-critical) the owner.
 */
export const PERMISSION_SUFFIX_ROLES = {
  read: 'member',
  list: 'member',
  view: 'member',
  write: 'admin',
  create: 'admin',
  update: 'admin',
  delete: 'admin',
  publish: 'admin',
  configure: 'admin',
  manage: 'owner',
  admin: 'owner',
} as const satisfies Record<PermissionSuffix, MinimumRole>;

/** Whether a permission key ends in one of `PERMISSION_SUFFIXES`. */
export function hasKnownPermissionSuffix(key: string): boolean {
  return (PERMISSION_SUFFIXES as readonly string[]).includes(getPermissionSuffix(key));
}

/** A permission key a module requests or declares. */
export const permissionKeySchema = z
  .string()
  .max(128)
  .regex(
    PERMISSION_KEY_PATTERN,
    'Must be lower-case segments joined by . or :, e.g. crm.contacts.read',
  )
  .meta({ description: 'Permission key, e.g. crm-lite.contacts.read' });

/** A permission named on a module API route: its suffix must be known, or it fails closed. */
export const routePermissionSchema = permissionKeySchema.refine(hasKnownPermissionSuffix, {
  message: `ROUTE_PERMISSION_CONFIG_ERROR: the permission suffix must be one of ${PERMISSION_SUFFIXES.join('|')}`,
  params: { code: 'ROUTE_PERMISSION_CONFIG_ERROR' },
});
