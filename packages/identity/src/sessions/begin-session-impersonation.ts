import type { Tx } from '@aiconnected/db';
import { ShellError, textProblem } from '@aiconnected/sdk-contracts';
import {
  SESSION_SELECT,
  toSessionRecord,
  type SessionRecord,
  type SessionRow,
} from './session-record';

export interface BeginSessionImpersonationInput {
  sessionId: string;
  /** The workspace the session acts in now; it is restored when impersonation ends. */
  actorWorkspaceId: string;
  targetWorkspaceId: string;
  reason: string;
}

/** The longest reason `sessions_impersonation_reason_check` accepts. */
const REASON_MAX = 500;

/**
 * Switches a live session into `targetWorkspaceId` as an impersonation: the active workspace
 * becomes the target and the actor workspace, target, reason and start time are recorded.
 * The caller has checked the impersonation rules and writes the audit entry. Null when the
 * session is not live, is already impersonating (never nested), or is not acting in
 * `actorWorkspaceId`.
 */
export async function beginSessionImpersonation(
  tx: Tx,
  input: BeginSessionImpersonationInput,
): Promise<SessionRecord | null> {
  const reason = input.reason.trim();
  // A reason of zero-width spaces or with a NUL is no reason (and NUL would fail the write).
  if (textProblem(reason) !== null || reason.length > REASON_MAX) {
    throw new ShellError('VALIDATION_BLOCKING', 'impersonation reason is empty or too long', {
      userMessage: `Give a reason for impersonating this workspace (at most ${REASON_MAX} characters).`,
      details: { field: 'reason', max_length: REASON_MAX },
    });
  }
  const { rows } = await tx.query<SessionRow>(
    `with s as (
       update public.sessions
          set active_workspace_id = $3,
              impersonation_actor_workspace_id = $2,
              impersonation_target_workspace_id = $3,
              impersonation_reason = $4,
              impersonation_started_at = now()
        where id = $1 and revoked_at is null and expires_at > now()
          and impersonation_target_workspace_id is null
          and active_workspace_id = $2 and $2 <> $3
       returning *)
     select ${SESSION_SELECT} from s join public.users u on u.id = s.user_id`,
    [input.sessionId, input.actorWorkspaceId, input.targetWorkspaceId, reason],
  );
  const [row] = rows;
  return row ? toSessionRecord(row) : null;
}
