import type { Tx } from '@aiconnected/db';
import {
  SESSION_SELECT,
  toSessionRecord,
  type SessionRecord,
  type SessionRow,
} from './session-record';

export interface SetSessionWorkspaceInput {
  sessionId: string;
  workspaceId: string;
}

/**
 * Makes `workspaceId` the session's active workspace (workspace switch). Only the row
 * changes: the caller has already checked the user may act there and writes the audit
 * entry. Null when the session is not live or is impersonating (stop impersonating first).
 */
export async function setSessionWorkspace(
  tx: Tx,
  input: SetSessionWorkspaceInput,
): Promise<SessionRecord | null> {
  const { rows } = await tx.query<SessionRow>(
    `with s as (
       update public.sessions set active_workspace_id = $2
        where id = $1 and revoked_at is null and expires_at > now()
          and impersonation_target_workspace_id is null
       returning *)
     select ${SESSION_SELECT} from s join public.users u on u.id = s.user_id`,
    [input.sessionId, input.workspaceId],
  );
  const [row] = rows;
  return row ? toSessionRecord(row) : null;
}
