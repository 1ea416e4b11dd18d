import type { Db } from '@aiconnected/db';
import type { SessionSummaryList } from '@aiconnected/sdk-contracts';
import { listUserSessions } from './list-user-sessions';
import type { SessionRecord } from './session-record';

/**
 * The live sessions of the signed-in user (`GET /auth/sessions`), most recently used first,
 * `current` marking the one that asks. Reads past RLS: the user's own rows only.
 */
export async function listOwnSessions(
  db: Db,
  session: Pick<SessionRecord, 'id' | 'userId'>,
): Promise<SessionSummaryList> {
  const sessions = await db.withService('auth: list own sessions', (tx) =>
    listUserSessions(tx, session.userId),
  );
  const items = sessions.map((item) => ({
    id: item.id,
    current: item.id === session.id,
    created_at: item.createdAt.toISOString(),
    last_seen_at: item.lastSeenAt.toISOString(),
    expires_at: item.expiresAt.toISOString(),
    user_agent: item.userAgent,
    ip: item.ip,
    active_workspace_id: item.activeWorkspaceId,
    impersonating: item.impersonation !== null,
  }));
  return { items };
}
