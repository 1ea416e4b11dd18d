import type { Tx } from '@aiconnected/db';
import {
  SESSION_SELECT,
  toSessionRecord,
  type SessionRecord,
  type SessionRow,
} from './session-record';

/**
 * Ends a session's impersonation: the active workspace returns to the actor workspace and
 * the four impersonation columns are cleared. Returns the updated session; null when the
 * session is not live or not impersonating. The caller writes the audit entry (it holds
 * the session as it was, with the target).
 */
export async function endSessionImpersonation(
  tx: Tx,
  sessionId: string,
): Promise<SessionRecord | null> {
  const { rows } = await tx.query<SessionRow>(
    `with s as (
       update public.sessions
          set active_workspace_id = impersonation_actor_workspace_id,
              impersonation_actor_workspace_id = null,
              impersonation_target_workspace_id = null,
              impersonation_reason = null,
              impersonation_started_at = null
        where id = $1 and revoked_at is null and expires_at > now()
          and impersonation_target_workspace_id is not null
       returning *)
     select ${SESSION_SELECT} from s join public.users u on u.id = s.user_id`,
    [sessionId],
  );
  const [row] = rows;
  return row ? toSessionRecord(row) : null;
}
