import { randomUUID } from 'node:crypto';
import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import { canAssignRole, isRoleTemplate, ROLE_SCOPE } from '@aiconnected/permissions';
import { ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { recordAudit } from '../audit/record-audit';
import type { Mailer, MailMessage } from '../mail/create-mailer';
import { invitationMail } from '../mail/invitation-mail';
import { membershipAddedMail } from '../mail/membership-added-mail';
import { TOKEN_TTL_MINUTES } from '../tokens/auth-token';
import { issueToken } from '../tokens/issue-token';
import { loadActorView } from './load-actor-view';
import {
  MEMBERSHIP_COLUMNS,
  toMembershipRecord,
  type MembershipRecord,
  type MembershipRow,
} from './membership-record';
import { requireEmail } from './normalize-email';
import { requireWorkspaceCapability } from './require-access';
import { alreadyMember, translateUserWriteError } from './user-errors';

export interface InviteMemberInput {
  actor: WorkspaceContext;
  workspaceId: string;
  email: string;
  roleTemplate: string;
  /** PLATFORM_PUBLIC_BASE_URL: the links in the mail point there. */
  baseUrl: string;
  correlationId: string;
}

export interface InviteMemberResult {
  membership: MembershipRecord;
  /** `invited`: a new account, mailed an invitation link; `added`: an existing account, mailed a notice. */
  invite_status: 'invited' | 'added';
}

/**
 * `POST /memberships`: gives `email` the role `roleTemplate` in a workspace. Needs
 * `users.invite` there and the right to assign the role (holding all its capabilities, or
 * the platform's users manager); the role must belong to the workspace's level. A new address
 * becomes an `invited` user with a single-use invitation link; an existing user is added and
 * notified. An existing membership is `CONFLICT`. The mail goes out after the commit, so a
 * rolled-back invitation never sends a link.
 */
export async function inviteMember(
  db: Db,
  mailer: Mailer,
  input: InviteMemberInput,
): Promise<InviteMemberResult> {
  const { actor } = input;
  const email = requireEmail(input.email, 'email');
  const roleTemplate = input.roleTemplate;
  if (!isRoleTemplate(roleTemplate)) throw invalidRole(roleTemplate, 'unknown_role_template');

  const outcome = await db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    const access = await requireWorkspaceCapability(
      view,
      input.workspaceId,
      'users.invite',
      'inviting a member',
    );
    const { workspace } = access;
    if (ROLE_SCOPE[roleTemplate] !== workspace.type) {
      throw invalidRole(roleTemplate, 'role_not_for_workspace_type', workspace.type);
    }
    if (
      !canAssignRole(access.capabilities, roleTemplate, {
        actorIsPlatformUsersManager: access.platformUsersManager,
      })
    ) {
      throw new ShellError(
        'PERMISSION_DENIED',
        `may not assign ${roleTemplate} in ${workspace.id}`,
        {
          userMessage: 'You cannot grant a role with more rights than your own.',
          details: { role_template: roleTemplate, reason: 'role_not_assignable' },
        },
      );
    }

    const existing = await findUserByEmail(tx, email);
    if (existing !== null && (await hasMembership(tx, workspace.id, existing.id)))
      throw alreadyMember();
    if (existing?.id === actor.user_id) {
      throw new ShellError('PERMISSION_DENIED', 'an actor cannot add a membership for itself', {
        userMessage: 'You cannot add yourself to a workspace.',
        details: { reason: 'own_membership' },
      });
    }

    const userId = existing?.id ?? randomUUID();
    const membershipRow = await writeMembership(tx, {
      newUserEmail: existing === null ? email : null,
      userId,
      workspaceId: workspace.id,
      roleTemplate,
      invitedByUserId: actor.user_id,
    });

    const inviteStatus = existing === null ? 'invited' : 'added';
    let mail: MailMessage;
    if (existing === null) {
      const token = await asServiceRole(tx, 'identity: issue an invitation token', () =>
        issueToken(tx, {
          purpose: 'invitation',
          userId,
          workspaceId: workspace.id,
          createdByUserId: actor.user_id,
          ttlMinutes: TOKEN_TTL_MINUTES.invitation,
        }),
      );
      mail = invitationMail({
        to: email,
        workspaceName: workspace.name,
        baseUrl: input.baseUrl,
        token,
        expiresInHours: TOKEN_TTL_MINUTES.invitation / 60,
      });
    } else {
      mail = membershipAddedMail({
        to: email,
        workspaceName: workspace.name,
        baseUrl: input.baseUrl,
      });
    }
    await recordAudit(tx, actor, {
      workspaceId: workspace.id,
      action: 'user.invite',
      targetType: 'membership',
      targetId: membershipRow.id,
      metadata: { user_id: userId, role_template: roleTemplate, invite_status: inviteStatus },
      correlationId: input.correlationId,
    });
    return { membership: toMembershipRecord(membershipRow), inviteStatus, mail } as const;
  });

  await mailer.send(outcome.mail);
  return { membership: outcome.membership, invite_status: outcome.inviteStatus };
}

function invalidRole(roleTemplate: string, reason: string, workspaceType?: string): ShellError {
  return new ShellError('VALIDATION_BLOCKING', `role template ${roleTemplate}: ${reason}`, {
    userMessage: 'This role cannot be given in this workspace.',
    details: {
      field: 'role_template',
      reason,
      ...(workspaceType === undefined ? {} : { workspace_type: workspaceType }),
    },
  });
}

async function findUserByEmail(tx: Tx, email: string): Promise<{ id: string } | null> {
  // Past RLS: the address may belong to a user of another tenant, who is added, not duplicated.
  return asServiceRole(tx, 'identity: find the invited address', async () => {
    const { rows } = await tx.query<{ id: string }>(
      'select id from public.users where email = $1',
      [email],
    );
    return rows[0] ?? null;
  });
}

async function hasMembership(tx: Tx, workspaceId: string, userId: string): Promise<boolean> {
  return asServiceRole(tx, 'identity: check for an existing membership', async () => {
    const { rowCount } = await tx.query(
      'select 1 from public.workspace_memberships where workspace_id = $1 and user_id = $2',
      [workspaceId, userId],
    );
    return (rowCount ?? 0) > 0;
  });
}

interface MembershipWrite {
  /** Set when the user is new: inserted first, as `invited`. */
  newUserEmail: string | null;
  userId: string;
  workspaceId: string;
  roleTemplate: string;
  invitedByUserId: string;
}

/**
 * Inserts the user (when new) and the membership as the actor, so RLS checks both: users.invite
 * somewhere visible for the user, users.invite in the workspace and the role for the
 * membership. The new user's id is chosen here: without a membership yet, RLS would not let
 * the actor read the row back through RETURNING.
 */
async function writeMembership(tx: Tx, write: MembershipWrite): Promise<MembershipRow> {
  try {
    if (write.newUserEmail !== null) {
      await tx.query(`insert into public.users (id, email, status) values ($1, $2, 'invited')`, [
        write.userId,
        write.newUserEmail,
      ]);
    }
    const { rows } = await tx.query<MembershipRow>(
      `insert into public.workspace_memberships as m (workspace_id, user_id, role_template, invited_by_user_id)
       values ($1, $2, $3, $4)
       returning ${MEMBERSHIP_COLUMNS}`,
      [write.workspaceId, write.userId, write.roleTemplate, write.invitedByUserId],
    );
    const row = rows[0];
    if (!row) throw new Error('membership insert returned no row');
    return row;
  } catch (error) {
    return translateUserWriteError(error, 'inviting a member');
  }
}
