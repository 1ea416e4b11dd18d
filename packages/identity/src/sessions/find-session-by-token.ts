import type { Tx } from '@aiconnected/db';
import { hashToken, isTokenShaped } from '../crypto/hash-token';
import {
  SESSION_SELECT,
  toSessionRecord,
  type SessionRecord,
  type SessionRow,
} from './session-record';

/** How stale `last_seen_at` may get before a request writes it again. */
const LAST_SEEN_RESOLUTION = '1 minute';

/**
 * The live session a token belongs to: not revoked, not expired, and its user `active` (a
 * suspended user's sessions stop working at once). Null otherwise. Also records activity in
 * `last_seen_at`, but at most once a minute, so nearly every request is a single read.
 */
export async function findSessionByToken(tx: Tx, token: string): Promise<SessionRecord | null> {
  if (!isTokenShaped(token)) return null;
  const { rows } = await tx.query<SessionRow & { stale: boolean }>(
    `select ${SESSION_SELECT}, s.last_seen_at < now() - interval '${LAST_SEEN_RESOLUTION}' as stale
       from public.sessions s
       join public.users u on u.id = s.user_id
      where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()
        and u.status = 'active'`,
    [hashToken(token)],
  );
  const [row] = rows;
  if (!row) return null;
  const { stale, ...sessionRow } = row;
  const session = toSessionRecord(sessionRow);
  if (!stale) return session;
  const bumped = await tx.query<{ last_seen_at: Date }>(
    'update public.sessions set last_seen_at = now() where id = $1 returning last_seen_at',
    [session.id],
  );
  return { ...session, lastSeenAt: bumped.rows[0]?.last_seen_at ?? session.lastSeenAt };
}
