import type { Tx } from '@aiconnected/db';
import { canGrantCapability, isCapability, type Capability } from '@aiconnected/permissions';
import { type PermissionOverride, ShellError } from '@aiconnected/sdk-contracts';
import { type ActorWorkspaceAccess, translateWriteError } from '@aiconnected/access';
import type { MembershipRow } from './membership-record';
import { USER_WRITE_CONFLICTS } from './user-errors';

/** The capability overrides of a membership, by capability. */
export async function readPermissionOverrides(
  tx: Tx,
  membershipId: string,
): Promise<PermissionOverride[]> {
  const { rows } = await tx.query<PermissionOverride>(
    `select p.code as permission, mp.allow
       from public.membership_permissions mp
       join public.permissions p on p.id = mp.permission_id
      where mp.membership_id = $1`,
    [membershipId],
  );
  return sortOverrides(rows);
}

export interface WritePermissionOverridesInput {
  access: ActorWorkspaceAccess;
  membership: MembershipRow;
  before: readonly PermissionOverride[];
  /** The complete set wanted after the write. */
  after: readonly { permission: string; allow: boolean }[];
}

/**
 * Replaces a membership's overrides with `after`, writing only the difference, as the actor
 * (RLS checks each row again). Granting, i.e. adding an allow or removing a deny, needs the
 * capability itself (`canGrantCapability`, no one exempt), the rule of `can_grant_permission`;
 * denying needs only users.manage, checked by the caller.
 */
export async function writePermissionOverrides(
  tx: Tx,
  input: WritePermissionOverridesInput,
): Promise<PermissionOverride[]> {
  const wanted = parseOverrides(input.after);
  const existing = new Map(input.before.map((override) => [override.permission, override.allow]));
  const grants = (permission: Capability) => {
    if (canGrantCapability(input.access.capabilities, permission)) return;
    throw new ShellError('PERMISSION_DENIED', `may not grant ${permission}`, {
      userMessage: 'You cannot grant a permission you do not hold yourself.',
      details: { permission, reason: 'permission_not_grantable' },
    });
  };

  const writes: { sql: string; params: unknown[] }[] = [];
  for (const [permission, allow] of wanted) {
    const previous = existing.get(permission);
    if (previous === allow) continue;
    if (allow) grants(permission);
    writes.push(
      previous === undefined
        ? {
            sql: `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
                  select $1, $2, p.id, $4 from public.permissions p where p.code = $3`,
            params: [input.membership.id, input.membership.workspace_id, permission, allow],
          }
        : {
            sql: `update public.membership_permissions mp set allow = $3
                   from public.permissions p
                  where mp.membership_id = $1 and mp.permission_id = p.id and p.code = $2`,
            params: [input.membership.id, permission, allow],
          },
    );
  }
  for (const [permission, allow] of existing) {
    if (wanted.has(permission) || !isCapability(permission)) continue;
    if (!allow) grants(permission);
    writes.push({
      sql: `delete from public.membership_permissions mp using public.permissions p
             where mp.membership_id = $1 and mp.permission_id = p.id and p.code = $2`,
      params: [input.membership.id, permission],
    });
  }

  for (const write of writes) {
    const rowCount = await tx.query(write.sql, write.params).then(
      (result) => result.rowCount,
      (error: unknown) =>
        translateWriteError(error, 'changing permission overrides', USER_WRITE_CONFLICTS),
    );
    if (rowCount === 0) {
      throw new ShellError('PERMISSION_DENIED', 'row-level security hid a permission override', {
        details: { required_permission: 'users.manage' },
      });
    }
  }
  return sortOverrides([...wanted].map(([permission, allow]) => ({ permission, allow })));
}

/** Overrides in a stable order (by capability, code-point order) for responses and audit rows. */
function sortOverrides(overrides: PermissionOverride[]): PermissionOverride[] {
  return overrides.sort((a, b) =>
    a.permission < b.permission ? -1 : a.permission > b.permission ? 1 : 0,
  );
}

function parseOverrides(after: WritePermissionOverridesInput['after']): Map<Capability, boolean> {
  const wanted = new Map<Capability, boolean>();
  for (const { permission, allow } of after) {
    if (!isCapability(permission) || wanted.has(permission)) {
      throw new ShellError(
        'VALIDATION_BLOCKING',
        `permission override ${permission} unknown or repeated`,
        {
          details: {
            field: 'permission_overrides',
            reason: isCapability(permission) ? 'duplicate_permission' : 'unknown_permission',
            permission,
          },
        },
      );
    }
    wanted.set(permission, allow);
  }
  return wanted;
}
