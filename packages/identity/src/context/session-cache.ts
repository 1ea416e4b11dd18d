import type pg from 'pg';
import type { ChannelHub, ChannelListener, Db, DbLogger } from '@aiconnected/db';
import { hashToken, isTokenShaped } from '../crypto/hash-token';
import { authenticateSession, type AuthenticatedSession } from './authenticate-session';
import { authenticateSessionById } from './authenticate-session-by-id';
import { createSessionCacheEntries } from './session-cache-entries';

/** The channel migration 027's triggers notify: `session:<id>`, `user:<id>` or `all`. */
export const SESSION_CHANGED_CHANNEL = 'shell_session_changed';

/** Migration 027's triggers (six on changed rows, six on truncate), enabled. */
const NOTIFY_TRIGGERS = `select count(*)::int as enabled from pg_catalog.pg_trigger
  where not tgisinternal and tgenabled in ('O', 'A') and tgname like '%notify\\_session\\_cache'`;
const NOTIFY_TRIGGER_COUNT = 12;

/**
 * Refuses to listen (so to cache) on a database whose changes would notify nobody: run on
 * each (re)connect and at every heartbeat, so triggers disabled or migration 027 rolled back
 * while the app runs turn the cache off within a heartbeat.
 */
async function verifyNotifyTriggers(client: Pick<pg.ClientBase, 'query'>): Promise<void> {
  const { rows } = await client.query<{ enabled: number }>(NOTIFY_TRIGGERS);
  if (rows[0]?.enabled !== NOTIFY_TRIGGER_COUNT) {
    throw new Error(
      `session cache off: ${rows[0]?.enabled ?? 0} of migration 027's ${NOTIFY_TRIGGER_COUNT} notify triggers are enabled`,
    );
  }
}

export interface SessionCacheOptions {
  /** How long an answer is reused (ms); 0 disables the cache. Below 60 s: see `authenticate`. */
  ttlMs: number;
  /** Most entries kept (least recently used go first). Default 10,000. */
  maxEntries?: number;
  logger?: DbLogger;
  /**
   * Heartbeat of the notification listener (ms), see `createChannelHub`: each one proves that a
   * notification sent through the pool arrives and that the triggers are enabled; the cache is
   * off from a failed one until both pass again. Default 5 s.
   */
  heartbeatMs?: number;
  /** The process's shared listener (`createChannelHub`: one connection for every notified cache). */
  hub: ChannelHub;
}

/**
 * `authenticateSession` with a process-local memory of recent answers (docs/identity.md
 * "Session cache"). Fail closed: an answer is reused only while the listener of migration
 * 027's notifications is proven to receive them (see `heartbeatMs`), and every notification,
 * `clear()` and listener state change forgets what it may concern before anything else runs.
 */
export interface SessionCache {
  /** The session of `token` and its request context: `authenticateSession`, reused when cached. */
  authenticate(token: string): Promise<AuthenticatedSession | null>;
  /**
   * The session of `sessionId` (a module UI token's `sid`): `authenticateSessionById`, reused
   * when cached, forgotten on the same notifications as the token's answer.
   */
  authenticateById(sessionId: string): Promise<AuthenticatedSession | null>;
  /** Forgets every answer: after this process changed anything a session depends on. */
  clear(): void;
  /** Starts listening for notifications (entries are kept from the moment LISTEN is in effect). */
  listen(): void;
  /** Stops listening and forgets every answer. */
  close(): Promise<void>;
  /** Whether answers are being reused right now (enabled, and notifications proven to arrive). */
  readonly active: boolean;
  /** How many answers are kept. */
  readonly size: number;
}

/**
 * How long before the session's `expires_at` its entry goes: the web process's clock may run
 * behind Postgres's, which decides expiry.
 */
const EXPIRY_SKEW_MS = 1000;

/** Freezes a cached answer: every request that reuses it gets the same object. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * A session cache over `db`, keyed by the token's hash. Each entry lives until the first of:
 * `ttlMs` after it was read from Postgres, a second before the session's `expires_at`, a
 * notification naming its session, its user or `all`, `clear()`, or the listener failing (its
 * connection or a heartbeat). An answer read from Postgres is kept only when nothing was
 * invalidated while it was being read, so an invalidation can never be overtaken by an older
 * answer arriving after it.
 */
export function createSessionCache(db: Db, options: SessionCacheOptions): SessionCache {
  const { ttlMs } = options;
  const enabled = ttlMs > 0;
  const entries = createSessionCacheEntries(options.maxEntries ?? 10_000);
  let listener: ChannelListener | undefined;
  let listening = false;
  // Bumped by every invalidation: an answer read across a bump may predate it.
  let epoch = 0;

  const clear = () => {
    epoch += 1;
    entries.clear();
  };
  const invalidate = (payload: string) => {
    const [kind, id] = payload.split(':', 2);
    epoch += 1;
    if (kind === 'session' && id) entries.deleteSession(id);
    else if (kind === 'user' && id) entries.deleteUser(id);
    // 'all', and anything this version does not know: forgetting everything is never wrong.
    else clear();
  };
  /** The answer kept under `key`, else `read()`'s, kept when nothing was invalidated meanwhile. */
  const reuse = async (key: string, read: () => Promise<AuthenticatedSession | null>) => {
    const cached = entries.get(key);
    if (cached) return cached;
    const readAt = epoch;
    const value = await read();
    // Not an unknown session (never cached: a miss stays a database question).
    if (value && listening && epoch === readAt) {
      const ttl = Math.min(ttlMs, value.session.expiresAt.getTime() - EXPIRY_SKEW_MS - Date.now());
      if (ttl > 0) entries.set(key, deepFreeze(value), ttl);
    }
    return value;
  };

  return {
    async authenticate(token) {
      if (!enabled || !listening || !isTokenShaped(token)) return authenticateSession(db, token);
      return reuse(hashToken(token), () => authenticateSession(db, token));
    },
    async authenticateById(sessionId) {
      if (!enabled || !listening) return authenticateSessionById(db, sessionId);
      // Apart from token hashes (64 hex characters): `id:<uuid>`.
      return reuse(`id:${sessionId}`, () => authenticateSessionById(db, sessionId));
    },
    clear,
    listen() {
      if (!enabled || listener) return;
      listener = options.hub.listen(
        SESSION_CHANGED_CHANNEL,
        {
          onMessage: invalidate,
          onState(next) {
            // Whatever was kept may have missed a notification (down) or predates LISTEN (up).
            clear();
            listening = next;
          },
        },
        { logger: options.logger, heartbeatMs: options.heartbeatMs, verify: verifyNotifyTriggers },
      );
    },
    async close() {
      const current = listener;
      listener = undefined;
      listening = false;
      clear();
      await current?.close();
    },
    get active() {
      return enabled && listening;
    },
    get size() {
      return entries.size;
    },
  };
}
