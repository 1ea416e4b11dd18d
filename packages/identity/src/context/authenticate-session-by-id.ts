import type { Db } from '@aiconnected/db';
import { SESSION_SELECT } from '../sessions/session-record';
import {
  authenticatedFromRow,
  type AuthenticatedSession,
  type ResolvedSessionRow,
} from './authenticate-session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The session `sessionId` names and its request context, with the liveness rules of
 * `authenticateSession` (not revoked, not expired, its user `active`): for a credential that
 * carries a session's id instead of its token (a module UI token's `sid`, docs/modules.md
 * "Module UI runtime"), so revoking the session, signing out or suspending the user ends
 * such credentials at once. Null for an unknown, dead or malformed id. Reads as the service
 * (sessions are service-only) and records no activity: the session's own requests do.
 */
export async function authenticateSessionById(
  db: Db,
  sessionId: string,
): Promise<AuthenticatedSession | null> {
  if (!UUID.test(sessionId)) return null;
  const row = await db.withService('auth: resolve a module token session', async (tx) => {
    const { rows } = await tx.query<ResolvedSessionRow>(
      `select ${SESSION_SELECT},
              (select row_to_json(g) from shell.governing_memberships(s.user_id, s.active_workspace_id) g) as governing
         from public.sessions s join public.users u on u.id = s.user_id
        where s.id = $1 and s.revoked_at is null and s.expires_at > now() and u.status = 'active'`,
      [sessionId],
    );
    return rows[0];
  });
  return row === undefined ? null : authenticatedFromRow(row);
}
