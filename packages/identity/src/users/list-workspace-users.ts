import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import {
  canAssignEveryRole,
  canAssignRole,
  judgeUserManagement,
  ROLE_SCOPE,
  ROLE_TEMPLATES,
  type TargetMembership,
} from '@aiconnected/permissions';
import {
  USER_ACTIONS,
  type UserAction,
  type UserStatus,
  type WorkspaceContext,
  type WorkspaceUser,
  type WorkspaceUserPage,
} from '@aiconnected/sdk-contracts';
import {
  decodePageCursor,
  encodePageCursor,
  PAGE_LIMIT,
  loadActorView,
  type ActorView,
  type ActorWorkspaceAccess,
  readActorCapabilities,
  requireWorkspaceAccess,
} from '@aiconnected/access';
import { TARGET_MEMBERSHIP_JSON } from './load-target-user';

export interface ListWorkspaceUsersInput {
  actor: WorkspaceContext;
  /** The workspace listed; the actor's active workspace unless given. */
  workspaceId?: string;
  /** `next_cursor` of the previous page (`VALIDATION_BLOCKING` when not one we issued). */
  cursor?: string;
  /** Page size (default `PAGE_LIMIT.default`). */
  limit?: number;
}

interface Row extends Omit<WorkspaceUser, 'created_at' | 'allowed_actions'> {
  created_at: Date;
}

/**
 * A page of the users of a workspace with their membership's role, active flag and their
 * status, by email (unique; keyset-paginated on it and the membership id), each with the actions the actor may take on them, and the roles the actor may grant
 * there. Any workspace the actor can see (`WORKSPACE_FORBIDDEN` otherwise); read as the actor,
 * so RLS filters the rows as well. Three queries whatever the number of users (the actor's
 * access is read once per workspace the users belong to).
 */
export async function listWorkspaceUsers(
  db: Db,
  input: ListWorkspaceUsersInput,
): Promise<WorkspaceUserPage> {
  const { actor, workspaceId = actor.workspace_id } = input;
  const limit = input.limit ?? PAGE_LIMIT.default;
  const after =
    input.cursor === undefined ? null : decodePageCursor('users', input.cursor, ['text', 'uuid']);
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    const access = await requireWorkspaceAccess(view, workspaceId);
    const { rows } = await tx.query<Row>(
      `select u.id, u.email, u.display_name, u.status, m.id as membership_id, m.role_template, m.active,
              u.created_at
         from public.workspace_memberships m
         join public.users u on u.id = m.user_id
        where m.workspace_id = $1
          and ($2::text is null or (u.email, m.id) > ($2::text, $3::uuid))
        order by u.email, m.id
        limit $4`,
      [workspaceId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next_cursor =
      rows.length > limit && last
        ? encodePageCursor('users', [last.email, last.membership_id])
        : null;
    const memberships = await readMemberships(
      tx,
      page.map((row) => row.id),
    );
    const items: WorkspaceUser[] = [];
    for (const row of page) {
      const allowed = await allowedActions(view, access, actor.user_id, {
        ...row,
        memberships: memberships.get(row.id) ?? [],
      });
      items.push({ ...row, created_at: row.created_at.toISOString(), allowed_actions: allowed });
    }
    // Granting a role takes inviting (users.invite) or changing a membership (users.manage).
    const grants = ['users.invite', 'users.manage'] as const;
    const mayGrant = grants.some((capability) => access.capabilities.includes(capability));
    const assignable = ROLE_TEMPLATES.filter(
      (role) =>
        mayGrant &&
        ROLE_SCOPE[role] === access.workspace.type &&
        canAssignRole(access.capabilities, role),
    );
    return { items, next_cursor, assignable_roles: assignable };
  });
}

interface ListedUser {
  id: string;
  status: UserStatus;
  memberships: TargetMembership[];
}

/**
 * What the actor may do to a listed user (`USER_ACTIONS`, in that order), by the rules the
 * endpoints enforce:
 * - `edit_profile` (`PATCH /users/{id}` profile): oneself, or users.manage where the actor
 *   acts and the user manageable;
 * - `change_email` (`PATCH /users/{id}/email`): oneself, or users.email.update and manageable;
 * - `send_reset_link` (`POST /users/{id}/password-reset-link`): users.password.reset and
 *   manageable, the user not suspended;
 * - `suspend` / `reactivate` (`PATCH /users/{id}` status): users.manage and manageable, never
 *   oneself, by the user's current status;
 * - `manage_membership` (`PATCH /memberships/{id}`: role, active flag, overrides): users.manage
 *   in the listed workspace and every role of the user assignable, never oneself.
 * Manageable is `judgeUserManagement` (scope and role rule), as `requireManageableUser`.
 */
async function allowedActions(
  view: ActorView,
  workspaceAccess: ActorWorkspaceAccess,
  actorUserId: string,
  user: ListedUser,
): Promise<UserAction[]> {
  const self = user.id === actorUserId;
  const actorCapabilities = await readActorCapabilities(
    view,
    user.memberships.map((membership) => membership.workspaceId),
  );
  const manageable =
    judgeUserManagement({
      actorCapabilities,
      actorActiveCapabilities: view.active?.capabilities ?? [],
      targetMemberships: user.memberships,
      actorIsPlatformUsersManager: view.platformScope,
    }) === 'allowed';
  const where = view.active?.capabilities ?? [];
  const over = (capability: (typeof where)[number]) => where.includes(capability) && manageable;
  const allowed: Record<UserAction, boolean> = {
    edit_profile: self || over('users.manage'),
    change_email: self || over('users.email.update'),
    send_reset_link: over('users.password.reset') && user.status !== 'suspended',
    suspend: !self && over('users.manage') && user.status !== 'suspended',
    reactivate: !self && over('users.manage') && user.status === 'suspended',
    manage_membership:
      !self &&
      workspaceAccess.capabilities.includes('users.manage') &&
      canAssignEveryRole(actorCapabilities, user.memberships, view.active?.capabilities ?? []),
  };
  return USER_ACTIONS.filter((action) => allowed[action]);
}

/** Every membership of each user, past RLS (memberships elsewhere decide the scope). */
async function readMemberships(
  tx: Tx,
  userIds: string[],
): Promise<Map<string, TargetMembership[]>> {
  return asServiceRole(tx, 'identity: read the memberships of listed users', async () => {
    const { rows } = await tx.query<{ user_id: string; memberships: TargetMembership[] }>(
      `select m.user_id,
              json_agg(${TARGET_MEMBERSHIP_JSON} order by m.created_at, m.id) as memberships
         from public.workspace_memberships m
        where m.user_id = any($1::uuid[])
        group by m.user_id`,
      [userIds],
    );
    return new Map(rows.map((row) => [row.user_id, row.memberships]));
  });
}
