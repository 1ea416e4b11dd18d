import { canAssignRole } from '@aiconnected/permissions';
import { asServiceRole, type Db } from '@aiconnected/db';
import type { ListedInvitation, Page, WorkspaceContext } from '@aiconnected/sdk-contracts';
import {
  decodePageCursor,
  encodePageCursor,
  PAGE_LIMIT,
  toPage,
  loadActorView,
  requireWorkspaceCapability,
} from '@aiconnected/access';
import {
  PENDING_INVITATION_SELECT,
  toPendingInvitation,
  type PendingInvitationRow,
} from './pending-invitation';

export interface ListPendingInvitationsInput {
  actor: WorkspaceContext;
  /** The workspace listed; the actor's active workspace unless given. */
  workspaceId?: string;
  /** `next_cursor` of the previous page (`VALIDATION_BLOCKING` when not one we issued). */
  cursor?: string;
  /** Page size (default `PAGE_LIMIT.default`). */
  limit?: number;
}

/**
 * `GET /invitations?workspace_id=`: a page of the workspace's invitations not yet accepted,
 * newest first, keyset-paginated on (created_at, id) (migration 023's partial index), for new
 * addresses and existing accounts alike. Needs `users.invite` there (`WORKSPACE_FORBIDDEN` for
 * a workspace the actor cannot see, `PERMISSION_DENIED` without it).
 */
export async function listPendingInvitations(
  db: Db,
  input: ListPendingInvitationsInput,
): Promise<Page<ListedInvitation>> {
  const { workspaceId = input.actor.workspace_id } = input;
  const limit = input.limit ?? PAGE_LIMIT.default;
  const after =
    input.cursor === undefined
      ? null
      : decodePageCursor('invitations', input.cursor, ['timestamp', 'uuid']);
  return db.withWorkspace(input.actor, async (tx) => {
    const view = await loadActorView(tx, input.actor);
    const access = await requireWorkspaceCapability(
      view,
      workspaceId,
      'users.invite',
      'listing invitations',
    );
    // auth_tokens is service-only: read past RLS, after the access check above.
    const { rows } = await asServiceRole(tx, 'identity: read pending invitations', () =>
      tx.query<PendingInvitationRow & { position: string }>(
        `select p.*, to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position
           from (${PENDING_INVITATION_SELECT} and t.workspace_id = $1) p
          where ($2::timestamptz is null or (p.created_at, p.id) < ($2::timestamptz, $3::uuid))
          order by p.created_at desc, p.id desc
          limit $4`,
        [workspaceId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      ),
    );
    return toPage(
      rows,
      limit,
      ({ position: _position, ...row }) => {
        const { user_id: _userId, ...invitation } = toPendingInvitation(row);
        return {
          ...invitation,
          can_manage: canAssignRole(access.capabilities, invitation.role_template),
        };
      },
      (row) => encodePageCursor('invitations', [row.position, row.id]),
    );
  });
}
