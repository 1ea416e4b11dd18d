import { writeAuditLog, type Db } from '@aiconnected/db';
import { createSession } from '../sessions/create-session';
import type { SessionRecord } from '../sessions/session-record';
import {
  acceptInvitation,
  type AcceptInvitationInput,
  type AcceptInvitationResult,
} from '../users/accept-invitation';

export interface AcceptInvitationAndSignInInput extends AcceptInvitationInput {
  ip: string | null;
  userAgent: string | null;
  /** Session lifetime (SESSION_TTL_HOURS). */
  ttlHours: number;
  correlationId: string;
}

export interface AcceptInvitationAndSignInResult extends AcceptInvitationResult {
  session: SessionRecord;
  /** The session token, shown once (cookie and `access_token`). */
  token: string;
}

/**
 * Accepts an invitation (`acceptInvitation`: token, password, name) and signs the person in:
 * having just proven the mailbox and chosen the password, asking for it again would only add
 * a step. The session starts in the invitation's workspace when the membership there is usable
 * (active, in an active workspace), else with none; `auth.sign_in` is audited there.
 */
export async function acceptInvitationAndSignIn(
  db: Db,
  input: AcceptInvitationAndSignInInput,
): Promise<AcceptInvitationAndSignInResult> {
  const accepted = await acceptInvitation(db, input);
  const userId = accepted.user.id;
  const { session, token } = await db.withService(
    'auth: sign in after accepting an invitation',
    async (tx) => {
      const { rows } = await tx.query<{ workspace_id: string }>(
        `select m.workspace_id
           from public.workspace_memberships m
           join public.workspaces w on w.id = m.workspace_id
          where m.user_id = $1 and m.workspace_id = $2 and m.active and w.status = 'active'`,
        [userId, accepted.workspace_id],
      );
      const activeWorkspaceId = rows[0]?.workspace_id ?? null;
      const created = await createSession(tx, {
        userId,
        activeWorkspaceId,
        ttlHours: input.ttlHours,
        userAgent: input.userAgent,
        ip: input.ip,
      });
      if (accepted.workspace_id) {
        await writeAuditLog(tx, {
          workspaceId: accepted.workspace_id,
          actorUserId: userId,
          action: 'auth.sign_in',
          targetType: 'session',
          targetId: created.session.id,
          metadata: {
            provider: 'invitation',
            ip: created.session.ip,
            user_agent: created.session.userAgent,
            workspace_selected: activeWorkspaceId !== null,
          },
          correlationId: input.correlationId,
        });
      }
      return created;
    },
  );
  return { ...accepted, session, token };
}
