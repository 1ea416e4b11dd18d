import type { Tx } from '@aiconnected/db';
import {
  SESSION_SELECT,
  toSessionRecord,
  type SessionRecord,
  type SessionRow,
} from './session-record';

/** The user's live sessions (not revoked, not expired), most recently used first. */
export async function listUserSessions(tx: Tx, userId: string): Promise<SessionRecord[]> {
  const { rows } = await tx.query<SessionRow>(
    `select ${SESSION_SELECT}
       from public.sessions s join public.users u on u.id = s.user_id
      where s.user_id = $1 and s.revoked_at is null and s.expires_at > now()
      order by s.last_seen_at desc, s.created_at desc, s.id`,
    [userId],
  );
  return rows.map(toSessionRecord);
}
