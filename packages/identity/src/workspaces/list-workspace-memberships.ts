import type { Db } from '@aiconnected/db';
import type {
  MembershipWithOverrides,
  Page,
  PermissionOverride,
  WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import {
  decodePageCursor,
  encodePageCursor,
  PAGE_LIMIT,
  toPage,
  loadActorView,
  requireWorkspaceAccess,
} from '@aiconnected/access';
import {
  MEMBERSHIP_COLUMNS,
  toMembershipRecord,
  type MembershipRow,
} from '../users/membership-record';

export interface ListWorkspaceMembershipsInput {
  actor: WorkspaceContext;
  /** The workspace listed; the actor's active workspace unless given. */
  workspaceId?: string;
  /** `next_cursor` of the previous page (`VALIDATION_BLOCKING` when not one we issued). */
  cursor?: string;
  /** Page size (default `PAGE_LIMIT.default`). */
  limit?: number;
}

/**
 * A page of the memberships of a workspace in the actor's scope (`GET /memberships?workspace_id=`),
 * oldest first, keyset-paginated on (created_at, id) (migration 023's index), each with its
 * overrides. `WORKSPACE_FORBIDDEN` for a workspace the actor cannot see;
 * read as the actor, so RLS filters the rows as well.
 */
export async function listWorkspaceMemberships(
  db: Db,
  {
    actor,
    workspaceId = actor.workspace_id,
    cursor,
    limit = PAGE_LIMIT.default,
  }: ListWorkspaceMembershipsInput,
): Promise<Page<MembershipWithOverrides>> {
  const after =
    cursor === undefined ? null : decodePageCursor('memberships', cursor, ['timestamp', 'uuid']);
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireWorkspaceAccess(view, workspaceId);
    const { rows } = await tx.query<
      MembershipRow & { permission_overrides: PermissionOverride[]; position: string }
    >(
      `select ${MEMBERSHIP_COLUMNS},
              to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position,
              coalesce((select json_agg(json_build_object('permission', p.code, 'allow', mp.allow) order by p.code)
                          from public.membership_permissions mp
                          join public.permissions p on p.id = mp.permission_id
                         where mp.membership_id = m.id), '[]'::json) as permission_overrides
         from public.workspace_memberships m
        where m.workspace_id = $1
          and ($2::timestamptz is null or (m.created_at, m.id) > ($2::timestamptz, $3::uuid))
        order by m.created_at, m.id
        limit $4`,
      [workspaceId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => ({ ...toMembershipRecord(row), permission_overrides: row.permission_overrides }),
      (row) => encodePageCursor('memberships', [row.position, row.id]),
    );
  });
}
