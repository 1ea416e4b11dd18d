import { asServiceRole, type Tx } from '@aiconnected/db';
import type { TargetMembership } from '@aiconnected/permissions';
import { USER_COLUMNS, type UserRow } from './user-record';

/**
 * One membership of user `m` as a `TargetMembership` (json), with its allow overrides: they
 * count in the rank of the account as much as its role does.
 */
export const TARGET_MEMBERSHIP_JSON = `json_build_object(
  'workspaceId', m.workspace_id,
  'roleTemplate', m.role_template,
  'allowOverrides', array(select p.code from public.membership_permissions mp
                            join public.permissions p on p.id = mp.permission_id
                           where mp.membership_id = m.id and mp.allow order by p.code),
  'governsAccount', m.governs_account)`;

/** A user someone acts on: the row, and every membership they hold (active or not). */
export interface TargetUser {
  row: UserRow;
  memberships: TargetMembership[];
}

/** Reads a user and their memberships past RLS (as the service); null when unknown. */
export async function loadTargetUser(tx: Tx, userId: string): Promise<TargetUser | null> {
  return asServiceRole(tx, 'identity: read the target user and their memberships', async () => {
    const { rows } = await tx.query<UserRow & { memberships: TargetMembership[] }>(
      `select ${USER_COLUMNS},
              coalesce((select json_agg(${TARGET_MEMBERSHIP_JSON} order by m.created_at, m.id)
                          from public.workspace_memberships m
                         where m.user_id = u.id), '[]') as memberships
         from public.users u
        where u.id = $1`,
      [userId],
    );
    const row = rows[0];
    if (!row) return null;
    const { memberships, ...user } = row;
    return { row: user, memberships };
  });
}
