import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import {
  canAssignEveryRole,
  canAssignRole,
  isRoleTemplate,
  ROLE_SCOPE,
} from '@aiconnected/permissions';
import {
  type MembershipChange,
  ShellError,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import {
  recordAudit,
  loadActorView,
  type ActorView,
  type ActorWorkspaceAccess,
  readActorCapabilities,
  permissionDenied,
  translateWriteError,
} from '@aiconnected/access';
import { loadTargetUser } from './load-target-user';
import { membershipUpdateEvent, storeMembershipEvent } from './membership-event';
import { MEMBERSHIP_COLUMNS, toMembershipRecord, type MembershipRow } from './membership-record';
import { readPermissionOverrides, writePermissionOverrides } from './permission-overrides';
import { USER_WRITE_CONFLICTS } from './user-errors';

export interface UpdateMembershipInput {
  actor: WorkspaceContext;
  membershipId: string;
  roleTemplate?: string;
  active?: boolean;
  /** The complete set of overrides after the change (`[]` clears them); absent: unchanged. */
  permissionOverrides?: readonly { permission: string; allow: boolean }[];
  correlationId: string;
}

/**
 * `PATCH /memberships/{id}`: changes a membership's role template, active flag or capability
 * overrides. Needs `users.manage` in the membership's workspace, the right to assign both
 * the current and the new role and every role the member holds in the workspaces the actor
 * governs, and, for each capability it grants (an allow, or a removed deny), that capability
 * itself (`canGrantCapability`; nobody is exempt). Nobody changes their own
 * membership. Audited as `membership.update` with the changes; a deactivation, reactivation or
 * role change also emits its membership event in the same transaction (`membershipUpdateEvent`).
 */
export async function updateMembership(
  db: Db,
  input: UpdateMembershipInput,
): Promise<MembershipChange> {
  const { actor } = input;
  return db.withWorkspace(actor, async (tx) => {
    const current = await loadMembership(tx, input.membershipId);
    const view = await loadActorView(tx, actor);
    // An unknown id answers like another tenant's: the workspace cannot be seen.
    if (current === null) throw membershipForbidden(input.membershipId);
    const access = await view.accessTo(current.workspace_id);
    if (access === null) throw membershipForbidden(input.membershipId);
    if (!access.capabilities.includes('users.manage'))
      throw permissionDenied('users.manage', 'changing a membership');
    if (current.user_id === actor.user_id) {
      throw new ShellError('PERMISSION_DENIED', 'an actor cannot change its own membership', {
        userMessage: 'You cannot change your own membership.',
        details: { reason: 'own_membership' },
      });
    }
    requireAssignable(access, current.role_template);
    await requireNotOutranked(tx, view, current.user_id);
    const roleTemplate = input.roleTemplate ?? current.role_template;
    if (!isRoleTemplate(roleTemplate) || ROLE_SCOPE[roleTemplate] !== access.workspace.type) {
      throw new ShellError(
        'VALIDATION_BLOCKING',
        `role template ${roleTemplate} not for ${access.workspace.type}`,
        {
          userMessage: 'This role cannot be given in this workspace.',
          details: {
            field: 'role_template',
            reason: 'role_not_for_workspace_type',
            workspace_type: access.workspace.type,
          },
        },
      );
    }
    requireAssignable(access, roleTemplate);

    const updated = await updateRow(tx, current.id, roleTemplate, input.active ?? current.active);
    const before = await readPermissionOverrides(tx, current.id);
    const overrides =
      input.permissionOverrides === undefined
        ? before
        : await writePermissionOverrides(tx, {
            access,
            membership: current,
            before,
            after: input.permissionOverrides,
          });

    await recordAudit(tx, actor, {
      workspaceId: current.workspace_id,
      action: 'membership.update',
      targetType: 'membership',
      targetId: current.id,
      metadata: {
        user_id: current.user_id,
        role_template: { from: current.role_template, to: updated.role_template },
        active: { from: current.active, to: updated.active },
        ...(input.permissionOverrides === undefined
          ? {}
          : { permission_overrides: { from: before, to: overrides } }),
      },
      correlationId: input.correlationId,
    });
    const event = membershipUpdateEvent(current, updated);
    if (event !== null) {
      await asServiceRole(tx, `identity: emit ${event.name}`, () =>
        storeMembershipEvent(tx, {
          ...event,
          before: current,
          after: updated,
          actorUserId: actor.user_id,
          correlationId: input.correlationId,
        }),
      );
    }
    return { membership: toMembershipRecord(updated), permission_overrides: overrides };
  });
}

function membershipForbidden(membershipId: string): ShellError {
  return new ShellError(
    'WORKSPACE_FORBIDDEN',
    `membership ${membershipId} is not visible to the actor`,
    {
      details: { membership_id: membershipId },
    },
  );
}

function requireAssignable(access: ActorWorkspaceAccess, roleTemplate: string): void {
  if (canAssignRole(access.capabilities, roleTemplate)) {
    return;
  }
  throw new ShellError(
    'PERMISSION_DENIED',
    `may not assign ${roleTemplate} in ${access.workspace.id}`,
    {
      userMessage: 'You cannot manage a role with more rights than your own.',
      details: { role_template: roleTemplate, reason: 'role_not_assignable' },
    },
  );
}

/**
 * `PERMISSION_DENIED` when the member holds, in any membership, a role or an allow override the
 * actor could not grant (`canAssignEveryRole`): an agency manager does not deactivate the
 * business membership of its agency's admin.
 */
async function requireNotOutranked(tx: Tx, view: ActorView, userId: string): Promise<void> {
  const memberships = (await loadTargetUser(tx, userId))?.memberships ?? [];
  const actorCapabilities = await readActorCapabilities(
    view,
    memberships.map((membership) => membership.workspaceId),
  );
  if (canAssignEveryRole(actorCapabilities, memberships, view.active?.capabilities ?? [])) return;
  throw new ShellError('PERMISSION_DENIED', `user ${userId} holds a role the actor cannot assign`, {
    userMessage: 'You cannot manage someone with more rights than your own.',
    details: { user_id: userId, reason: 'role_not_manageable' },
  });
}

/** The membership past RLS (the scope checks decide what the actor may learn of it). */
async function loadMembership(tx: Tx, membershipId: string): Promise<MembershipRow | null> {
  return asServiceRole(tx, 'identity: read the membership to change', async () => {
    const { rows } = await tx.query<MembershipRow>(
      `select ${MEMBERSHIP_COLUMNS} from public.workspace_memberships m where m.id = $1`,
      [membershipId],
    );
    return rows[0] ?? null;
  });
}

/** The write as the actor: RLS checks users.manage and the role (old and new) again. */
async function updateRow(
  tx: Tx,
  id: string,
  roleTemplate: string,
  active: boolean,
): Promise<MembershipRow> {
  let rows: MembershipRow[];
  try {
    ({ rows } = await tx.query<MembershipRow>(
      `update public.workspace_memberships m set role_template = $2, active = $3
        where m.id = $1 returning ${MEMBERSHIP_COLUMNS}`,
      [id, roleTemplate, active],
    ));
  } catch (error) {
    return translateWriteError(error, 'changing a membership', USER_WRITE_CONFLICTS);
  }
  const row = rows[0];
  if (!row) {
    throw new ShellError(
      'PERMISSION_DENIED',
      `row-level security hid membership ${id} from the update`,
      {
        details: { required_permission: 'users.manage' },
      },
    );
  }
  return row;
}
