import { isIP } from 'node:net';
import type { Tx } from '@aiconnected/db';
import { generateToken } from '../crypto/generate-token';
import {
  SESSION_SELECT,
  toSessionRecord,
  type SessionRecord,
  type SessionRow,
} from './session-record';

export interface CreateSessionInput {
  userId: string;
  /** The workspace the session starts in; null lets the user pick one. */
  activeWorkspaceId: string | null;
  /** Lifetime in hours (SESSION_TTL_HOURS). */
  ttlHours: number;
  userAgent?: string | null;
  ip?: string | null;
}

/** Longest user agent kept: enough to recognise a browser in the session list. */
const USER_AGENT_MAX = 512;

/**
 * Creates a session row for `userId` (in a `withService` transaction) and returns it with
 * its token. The token is returned only here; the table keeps its sha256.
 */
export async function createSession(
  tx: Tx,
  input: CreateSessionInput,
): Promise<{ session: SessionRecord; token: string }> {
  if (!Number.isFinite(input.ttlHours) || input.ttlHours <= 0) {
    throw new TypeError(`createSession: ttlHours must be a positive number, got ${input.ttlHours}`);
  }
  const { token, hash } = generateToken();
  // The address comes from request headers: keep it only when it is a plain IP address.
  const ip = input.ip && isIP(input.ip) !== 0 ? input.ip : null;
  const userAgent = input.userAgent ? input.userAgent.slice(0, USER_AGENT_MAX) : null;
  const { rows } = await tx.query<SessionRow>(
    `with s as (
       insert into public.sessions (token_hash, user_id, active_workspace_id, expires_at, user_agent, ip)
       values ($1, $2, $3, now() + $4 * interval '1 hour', $5, $6)
       returning *)
     select ${SESSION_SELECT} from s join public.users u on u.id = s.user_id`,
    [hash, input.userId, input.activeWorkspaceId, input.ttlHours, userAgent, ip],
  );
  const [row] = rows;
  if (!row) throw new Error('createSession: the insert returned no row');
  return { session: toSessionRecord(row), token };
}
