import { createHash } from 'node:crypto';
import { writeAuditLog, type Db, type Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { hostEntryWorkspace, hostWorkspaceForbidden } from '../context/host-workspace';
import { createSession } from '../sessions/create-session';
import type { SessionRecord } from '../sessions/session-record';
import type { AuthLogger, AuthProvider } from './auth-provider';
import { addressLimitKey } from './address-limit-key';
import type { AuthRateLimiter, CountedPoints } from './create-auth-rate-limiter';

/**
 * The sign-in limits: failed attempts per account and per client address, each with its own
 * allowance (an office shares one address; an account has one owner).
 */
export interface SignInLimiters {
  /** Keyed `email:<address>`. */
  account: AuthRateLimiter;
  /** Keyed by `addressLimitKey` (the address; an IPv6 address's /64). */
  ip: AuthRateLimiter;
}

export interface SignInInput {
  email: string;
  password: string;
  /** The client address; its attempts are limited too. Null when unknown. */
  ip: string | null;
  userAgent: string | null;
  /** Session lifetime (SESSION_TTL_HOURS). */
  ttlHours: number;
  correlationId: string;
  /**
   * The workspace whose address (custom domain or platform host) the sign-in came to; null or
   * absent on the platform's own host. Only people who govern it or a descendant get in there.
   */
  hostWorkspaceId?: string | null;
}

export interface SignInResult {
  session: SessionRecord;
  /** The session token, shown once (cookie and `access_token`). */
  token: string;
  user: SessionRecord['user'];
}

/** The one answer for every refused sign-in, so none reveals whether the account exists. */
function invalidCredentials(): ShellError {
  return new ShellError('AUTH_REQUIRED', 'sign-in refused: invalid credentials', {
    userMessage: 'Email or password is incorrect.',
  });
}

/** The answer to a correct password for a suspended account: saying so helps its owner. */
function accountSuspended(): ShellError {
  return new ShellError('PERMISSION_DENIED', 'sign-in refused: account suspended', {
    userMessage: 'This account is suspended. Ask an administrator of your workspace to restore it.',
    details: { reason: 'account_suspended' },
  });
}

/** The answer to a correct password on another organisation's address. */
function wrongHost(userId: string, hostWorkspaceId: string): ShellError {
  return hostWorkspaceForbidden(
    `sign-in refused: user ${userId} governs nothing at the address of ${hostWorkspaceId}`,
    'This address belongs to another organisation. Sign in at your own organisation’s address.',
  );
}

/** A short digest of the email for logs: correlates attempts without logging what was typed. */
function emailDigest(email: string): string {
  return createHash('sha256').update(email, 'utf8').digest('hex').slice(0, 16);
}

/**
 * Signs a user in with email and password and creates their session (docs/identity.md).
 * Failed attempts are limited per email and per IP (`RATE_LIMITED` once either is used up,
 * checked before the password); successful ones do not count. Unknown email, wrong
 * password, no credential, and an `invited` user all get the identical `AUTH_REQUIRED` error; a suspended user who gave the correct password
 * is told so (`PERMISSION_DENIED` {reason: 'account_suspended'}). The session
 * starts in the user's only workspace option (active membership in an active workspace)
 * when there is exactly one, else with none. On a workspace's address (`hostWorkspaceId`) it
 * starts in `hostEntryWorkspace` instead, and a user who governs nothing there is refused
 * after the password checked out (`WORKSPACE_FORBIDDEN` {reason: 'host_workspace'}, logged,
 * no session). Writes `auth.sign_in` to the audit log in the
 * same transaction; failed attempts are logged, not audited (the limiter bounds them).
 */
export async function signIn(
  db: Db,
  provider: AuthProvider,
  limiters: SignInLimiters,
  input: SignInInput,
  logger?: AuthLogger,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const logContext = {
    email_sha256: emailDigest(email),
    ip: input.ip,
    provider: provider.kind,
    correlation_id: input.correlationId,
  };
  const ipKey = input.ip ? addressLimitKey(input.ip) : null;
  const accountKey = `email:${email}`;
  let ipPoint: CountedPoints | null = null;
  try {
    // Every attempt is counted up front (so parallel guesses cannot overtake the counter) and
    // a success gives its points back: only failures stay counted. IP first: a client over
    // its limit stops adding to (and locking) an account's counter.
    if (ipKey) ipPoint = await limiters.ip.consume(ipKey);
    await limiters.account.consume(accountKey);
  } catch (error) {
    logger?.warn({ ...logContext, reason: 'rate_limited' }, 'sign-in refused');
    throw error;
  }

  const authenticated = await provider.authenticate(db, { email, password: input.password });
  if (!authenticated) {
    logger?.info({ ...logContext, reason: 'invalid_credentials' }, 'sign-in refused');
    throw invalidCredentials();
  }

  const result = await db.withService('auth: sign in', async (tx) => {
    const user = await readUser(tx, authenticated.userId);
    // Only someone who knows the password learns the account is suspended; nothing is written.
    if (user?.status === 'suspended') throw accountSuspended();
    if (user?.status !== 'active') return null;
    const memberships = await readMemberships(tx, user.id);
    const activeWorkspaceId = input.hostWorkspaceId
      ? await hostEntryWorkspace(tx, user.id, input.hostWorkspaceId)
      : onlyOption(memberships);
    if (input.hostWorkspaceId && activeWorkspaceId === null) return 'wrong_host' as const;
    const { session, token } = await createSession(tx, {
      userId: user.id,
      activeWorkspaceId,
      ttlHours: input.ttlHours,
      userAgent: input.userAgent,
      ip: input.ip,
    });
    // audit_logs rows belong to a workspace (its admins read them). Without an active one,
    // the user's first membership stands in; a user with no membership at all has no
    // workspace whose admins should see it, so the sign-in is only logged.
    const auditWorkspaceId = activeWorkspaceId ?? memberships[0]?.workspace_id ?? null;
    if (auditWorkspaceId) {
      await writeAuditLog(tx, {
        workspaceId: auditWorkspaceId,
        actorUserId: user.id,
        action: 'auth.sign_in',
        targetType: 'session',
        targetId: session.id,
        metadata: {
          provider: provider.kind,
          ip: session.ip,
          user_agent: session.userAgent,
          workspace_selected: activeWorkspaceId !== null,
        },
        correlationId: input.correlationId,
      });
    }
    return { session, token, audited: auditWorkspaceId !== null };
  });

  if (!result) {
    logger?.info({ ...logContext, reason: 'user_not_active' }, 'sign-in refused');
    throw invalidCredentials();
  }
  if (result === 'wrong_host') {
    const host = input.hostWorkspaceId ?? '';
    logger?.info(
      {
        ...logContext,
        user_id: authenticated.userId,
        host_workspace_id: host,
        reason: 'host_workspace',
      },
      'sign-in refused',
    );
    throw wrongHost(authenticated.userId, host);
  }
  const { session, token, audited } = result;
  logger?.info(
    { ...logContext, user_id: session.userId, session_id: session.id, audited },
    'signed in',
  );
  // A success counts for nothing: its IP point is given back (colleagues behind one address do
  // not use up each other's allowance; the failures from there stay counted), and the
  // account's failures are forgotten.
  await ipPoint?.refund();
  await limiters.account.reset(accountKey);
  return { session, token, user: session.user };
}

async function readUser(tx: Tx, userId: string) {
  const { rows } = await tx.query<{ id: string; status: string }>(
    'select id, status from public.users where id = $1',
    [userId],
  );
  return rows[0];
}

/** The workspace of the user's only usable membership; null with none or several. */
function onlyOption(memberships: { workspace_id: string; usable: boolean }[]): string | null {
  const options = memberships.filter((m) => m.usable);
  return options.length === 1 ? (options[0]?.workspace_id ?? null) : null;
}

/** Every membership of the user, oldest first; `usable` = active in an active workspace. */
async function readMemberships(tx: Tx, userId: string) {
  const { rows } = await tx.query<{ workspace_id: string; usable: boolean }>(
    `select m.workspace_id, (m.active and w.status = 'active') as usable
       from public.workspace_memberships m
       join public.workspaces w on w.id = m.workspace_id
      where m.user_id = $1
      order by m.created_at, m.id`,
    [userId],
  );
  return rows;
}
