import type { Db } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { loadActorView } from '../users/load-actor-view';
import {
  MEMBERSHIP_COLUMNS,
  toMembershipRecord,
  type MembershipRecord,
  type MembershipRow,
  type PermissionOverride,
} from '../users/membership-record';
import { workspaceForbidden } from '../users/user-errors';

/** A membership with its capability overrides (`GET /memberships`). */
export interface WorkspaceMembership extends MembershipRecord {
  /** Allow (`true`) and deny (`false`) overrides on top of the role template, by capability. */
  permission_overrides: PermissionOverride[];
}

export interface ListWorkspaceMembershipsInput {
  actor: WorkspaceContext;
  workspaceId: string;
}

/**
 * The memberships of a workspace in the actor's scope (`GET /memberships?workspace_id=`), oldest
 * first, each with its overrides. `WORKSPACE_FORBIDDEN` for a workspace the actor cannot see;
 * read as the actor, so RLS filters the rows as well.
 */
export async function listWorkspaceMemberships(
  db: Db,
  { actor, workspaceId }: ListWorkspaceMembershipsInput,
): Promise<WorkspaceMembership[]> {
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    if ((await view.accessTo(workspaceId)) === null) throw workspaceForbidden(workspaceId);
    const { rows } = await tx.query<MembershipRow & { permission_overrides: PermissionOverride[] }>(
      `select ${MEMBERSHIP_COLUMNS},
              coalesce((select json_agg(json_build_object('permission', p.code, 'allow', mp.allow) order by p.code)
                          from public.membership_permissions mp
                          join public.permissions p on p.id = mp.permission_id
                         where mp.membership_id = m.id), '[]'::json) as permission_overrides
         from public.workspace_memberships m
        where m.workspace_id = $1
        order by m.created_at, m.id`,
      [workspaceId],
    );
    return rows.map((row) => ({
      ...toMembershipRecord(row),
      permission_overrides: row.permission_overrides,
    }));
  });
}
