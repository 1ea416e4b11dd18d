import { randomUUID } from 'node:crypto';
import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import {
  canAssignRole,
  isRoleTemplate,
  ROLE_SCOPE,
  type RoleTemplate,
} from '@aiconnected/permissions';
import { type InviteResult, ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import {
  recordAudit,
  loadActorView,
  requireWorkspaceCapability,
  translateWriteError,
} from '@aiconnected/access';
import type { AuthRateLimiter } from '../auth/create-auth-rate-limiter';
import { countInvitationMail } from '../invitations/count-invitation-mail';
import type { Mailer } from '../mail/create-mailer';
import { invitationMail } from '../mail/invitation-mail';
import { TOKEN_TTL_MINUTES } from '../tokens/auth-token';
import { issueToken } from '../tokens/issue-token';
import { requireEmail } from './normalize-email';
import { alreadyMember, USER_WRITE_CONFLICTS } from './user-errors';

export interface InviteMemberInput {
  actor: WorkspaceContext;
  workspaceId: string;
  email: string;
  roleTemplate: string;
  /** PLATFORM_PUBLIC_BASE_URL: the links in the mail point there. */
  baseUrl: string;
  correlationId: string;
  /**
   * The invitation mail budgets (the API's `invitationLimiter`): the inviter's and, once the
   * invitation is allowed, the workspace's (`countInvitationMail`); absent: not counted.
   */
  limiter?: AuthRateLimiter;
}

/**
 * `POST /memberships`: invites `email` to a workspace with the role `roleTemplate`. Needs
 * `users.invite` there and the right to assign the role (`canAssignRole`: holding all its
 * capabilities); the role must belong to the workspace's level. Everyone gets a single-use
 * invitation link (the token names the workspace, the role and the address), and NOBODY gets
 * a membership before accepting it (`redeemInvitation` creates it):
 * - a new address becomes an `invited` user (no membership), active once they set a password
 *   through the link; inviting it again, from here or another tenant, is the same as
 *   inviting an existing account;
 * - an existing account is not added; the pending invitation changes nothing meanwhile,
 *   scope included.
 * The answer is the same for both (nothing about the account leaks); only a membership in this
 * very workspace is `CONFLICT` (the inviter sees its members anyway). The mail goes out after
 * the commit, so a rolled-back invitation sends none. With `limiter`, each call counts against
 * the inviter's and the workspace's mail budgets first (`countInvitationMail`: `RATE_LIMITED`),
 * given back when the invitation then fails.
 */
export async function inviteMember(
  db: Db,
  mailer: Mailer,
  input: InviteMemberInput,
): Promise<InviteResult> {
  const { actor } = input;
  const email = requireEmail(input.email, 'email');
  const roleTemplate = input.roleTemplate;
  if (!isRoleTemplate(roleTemplate)) throw invalidRole(roleTemplate, 'unknown_role_template');

  return countInvitationMail(
    db,
    input.limiter,
    actor,
    async (tx) => {
      const { workspace } = await authorizeInvite(tx, actor, input.workspaceId, roleTemplate);
      return workspace.id;
    },
    () => invite(db, mailer, input, email, roleTemplate),
  );
}

/** The invitation itself, once counted: written as the actor, mailed after the commit. */
async function invite(
  db: Db,
  mailer: Mailer,
  input: InviteMemberInput,
  email: string,
  roleTemplate: RoleTemplate,
): Promise<InviteResult> {
  const { actor } = input;
  const outcome = await db.withWorkspace(actor, async (tx) => {
    const { workspace } = await authorizeInvite(tx, actor, input.workspaceId, roleTemplate);

    const existing = await findUserByEmail(tx, email);
    if (existing?.id === actor.user_id) {
      throw new ShellError('PERMISSION_DENIED', 'an actor cannot invite itself', {
        userMessage: 'You cannot add yourself to a workspace.',
        details: { reason: 'own_membership' },
      });
    }
    if (existing !== null && (await hasMembership(tx, workspace.id, existing.id)))
      throw alreadyMember();

    const userId = existing?.id ?? randomUUID();
    // A new address: only its `invited` user row, written as the actor (RLS checks it). No
    // membership before acceptance, for any address: one written now would make whoever
    // invites first govern the account of whoever accepts another tenant's invitation.
    if (existing === null) await writeInvitedUser(tx, { email, userId });
    const {
      token,
      id: invitationId,
      expiresAt,
    } = await asServiceRole(tx, 'identity: issue an invitation token', () =>
      issueToken(tx, {
        purpose: 'invitation',
        userId,
        workspaceId: workspace.id,
        roleTemplate,
        invitedEmail: email,
        createdByUserId: actor.user_id,
        ttlMinutes: TOKEN_TTL_MINUTES.invitation,
      }),
    );
    await recordAudit(tx, actor, {
      workspaceId: workspace.id,
      action: 'user.invite',
      // The invitation, not the user: the row must not name an existing account (its audit
      // snapshot would show the inviter the account's name) before its owner accepts.
      targetType: 'invitation',
      targetId: invitationId,
      metadata: { email, role_template: roleTemplate, invite_status: 'invited' },
      correlationId: input.correlationId,
    });
    const mail = invitationMail({
      to: email,
      workspaceName: workspace.name,
      baseUrl: input.baseUrl,
      token,
      expiresInHours: TOKEN_TTL_MINUTES.invitation / 60,
    });
    const invitation = {
      workspace_id: workspace.id,
      email,
      role_template: roleTemplate,
      expires_at: expiresAt.toISOString(),
    };
    return { invitation, mail };
  });

  await mailer.send(outcome.mail);
  return { invitation: outcome.invitation, invite_status: 'invited' };
}

/** `users.invite` in the workspace, a role of its level and one the actor may assign. */
async function authorizeInvite(
  tx: Tx,
  actor: WorkspaceContext,
  workspaceId: string,
  roleTemplate: RoleTemplate,
) {
  const view = await loadActorView(tx, actor);
  const access = await requireWorkspaceCapability(
    view,
    workspaceId,
    'users.invite',
    'inviting a member',
  );
  const { workspace, capabilities } = access;
  if (ROLE_SCOPE[roleTemplate] !== workspace.type) {
    throw invalidRole(roleTemplate, 'role_not_for_workspace_type', workspace.type);
  }
  if (!canAssignRole(capabilities, roleTemplate)) {
    throw new ShellError('PERMISSION_DENIED', `may not assign ${roleTemplate} in ${workspace.id}`, {
      userMessage: 'You cannot grant a role with more rights than your own.',
      details: { role_template: roleTemplate, reason: 'role_not_assignable' },
    });
  }
  return access;
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

/**
 * Past RLS: the address may belong to a user of another tenant, who is invited, not duplicated.
 * `for key share` holds the row until the invitation token references it: a revoke removing a
 * pending user (`removePendingUser`, `for update`) waits for this transaction and then sees the
 * new token; a removal that locked the row first makes this wait, and once it commits the
 * deleted row is skipped (READ COMMITTED), so a new `invited` user is written instead of a token
 * pointing at nothing (23503).
 */
async function findUserByEmail(tx: Tx, email: string): Promise<{ id: string } | null> {
  return asServiceRole(tx, 'identity: find the invited address', async () => {
    const { rows } = await tx.query<{ id: string }>(
      'select id from public.users where email = $1 for key share',
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

/**
 * Inserts a new `invited` user as the actor, so RLS checks it (users.invite somewhere
 * visible). The id is chosen here: without a membership, RLS would not let the actor read the
 * row back through RETURNING.
 */
async function writeInvitedUser(tx: Tx, user: { email: string; userId: string }): Promise<void> {
  try {
    await tx.query(`insert into public.users (id, email, status) values ($1, $2, 'invited')`, [
      user.userId,
      user.email,
    ]);
  } catch (error) {
    translateWriteError(error, 'inviting a member', USER_WRITE_CONFLICTS);
  }
}
