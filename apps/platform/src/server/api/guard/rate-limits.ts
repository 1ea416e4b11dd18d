import type { Db } from '@aiconnected/db';
import {
  createAuthRateLimiter,
  createMemoryRateLimiter,
  type AuthRateLimiter,
} from '@aiconnected/identity';
import type { Env } from '@/env';

/**
 * How many failed sign-ins are allowed (`SIGN_IN_*` in env.ts; docs/identity.md "Abuse
 * controls"). Only failures count: a correct password gives its attempt back.
 */
export interface SignInLimits {
  /** Per account: its owner's typos and a password manager's retries, not a guessing run. */
  maxFailuresPerAccount: number;
  /** Per client address: an office or a school behind one address shares it. */
  maxFailuresPerIp: number;
  windowMinutes: number;
}

/**
 * 10 failures per account per 15 minutes stops guessing at under 1,000 tries a day against a
 * 12+ character policy, and no one mistypes 10 times without noticing. 100 per address lets
 * an office of dozens each mistype a few times in the same quarter hour; spraying many
 * accounts from one address still stops at 100 guesses.
 */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  maxFailuresPerAccount: 10,
  maxFailuresPerIp: 100,
  windowMinutes: 15,
};

/**
 * Password-reset and email-change requests send mail, so they are rarer: 5 an hour per account
 * and per new address. A client address is shared by an office (and by an admin changing
 * several people's addresses): 30 an hour there, so five requests do not lock the sixth person
 * out, while a run of requests from one address still stops.
 */
const RESET_LIMIT = { points: 5, durationSeconds: 60 * 60, keyPrefix: 'password-reset' } as const;
const RESET_ADDRESS_LIMIT = {
  points: 30,
  durationSeconds: 60 * 60,
  keyPrefix: 'password-reset-ip',
} as const;

/**
 * One limiter whose keys starting with `prefix` count against `matching` and every other key
 * against `other` (client-address keys, `addressLimitKey`'s `ip:...`, against a per-address
 * budget, accounts against theirs).
 */
function byKeyKind(
  prefix: string,
  matching: AuthRateLimiter,
  other: AuthRateLimiter,
): AuthRateLimiter {
  const pick = (key: string) => (key.startsWith(prefix) ? matching : other);
  return {
    consume: (key, points) => pick(key).consume(key, points),
    reset: (key) => pick(key).reset(key),
  };
}

/** The sign-in limits a parsed environment sets. */
export function signInLimitsFromEnv(environment: Env): SignInLimits {
  return {
    maxFailuresPerAccount: environment.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerIp: environment.SIGN_IN_MAX_FAILURES_PER_IP,
    windowMinutes: environment.SIGN_IN_FAILURE_WINDOW_MINUTES,
  };
}

/**
 * The process's auth limiters on `pool` (built once, by runtime.ts or a test), counted in
 * Postgres so every instance shares them.
 */
export function createAuthLimiters(
  pool: Db['pool'],
  signIn: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
): {
  signInLimiter: AuthRateLimiter;
  signInIpLimiter: AuthRateLimiter;
  resetLimiter: AuthRateLimiter;
} {
  const durationSeconds = signIn.windowMinutes * 60;
  return {
    signInLimiter: createAuthRateLimiter(pool, {
      points: signIn.maxFailuresPerAccount,
      durationSeconds,
      keyPrefix: 'sign-in',
    }),
    signInIpLimiter: createAuthRateLimiter(pool, {
      points: signIn.maxFailuresPerIp,
      durationSeconds,
      keyPrefix: 'sign-in-ip',
    }),
    resetLimiter: byKeyKind(
      'ip:',
      createAuthRateLimiter(pool, RESET_ADDRESS_LIMIT),
      createAuthRateLimiter(pool, RESET_LIMIT),
    ),
  };
}

/**
 * Signed branding uploads per client address: 60 in 10 minutes is far beyond a person
 * uploading logos, and stops a run of uploads (each decoded and scanned) from one address.
 */
export function createBrandingUploadLimiter(pool: Db['pool'], points = 60): AuthRateLimiter {
  return createAuthRateLimiter(pool, {
    points,
    durationSeconds: 10 * 60,
    keyPrefix: 'branding-upload',
  });
}

/**
 * Public branding file reads per client address (`GET /branding/files/{file}`): a file is
 * immutable and cached by browsers, so a person's pages ask for each one once; 600 in 10 minutes
 * is far beyond an office behind one address, and stops a run of (random) file names from
 * turning into store requests (S3: billed) from one address.
 */
export const BRANDING_FILES_PER_10_MINUTES = 600;

/** The branding file limiter on `pool` (built once, by runtime.ts or a test). */
export function createBrandingFileLimiter(
  pool: Db['pool'],
  points = BRANDING_FILES_PER_10_MINUTES,
): AuthRateLimiter {
  return createAuthRateLimiter(pool, {
    points,
    durationSeconds: 10 * 60,
    keyPrefix: 'branding-file',
  });
}

/**
 * Invitation mails (`POST /memberships`, `POST /invitations/{id}/resend`): 50 an hour per
 * inviter and 100 an hour per workspace invited into. Far beyond a person inviting their team
 * (a bigger one over a couple of hours, or by several admins), and a stolen admin session, or
 * a few of one workspace's, cannot turn the platform into a mail cannon. Counted before
 * anything is written: the inviter's budget first, the workspace's only once the caller may
 * invite there, so nobody else can use it up (identity's `countInvitationMail`).
 */
export const INVITATIONS_PER_INVITER_PER_HOUR = 50;
export const INVITATIONS_PER_WORKSPACE_PER_HOUR = 100;

/** The invitation limiter on `pool`: keys `workspace:<id>` and `user:<id>`, each its budget. */
export function createInvitationLimiter(
  pool: Db['pool'],
  points = {
    perInviter: INVITATIONS_PER_INVITER_PER_HOUR,
    perWorkspace: INVITATIONS_PER_WORKSPACE_PER_HOUR,
  },
): AuthRateLimiter {
  const perWorkspace = createAuthRateLimiter(pool, {
    points: points.perWorkspace,
    durationSeconds: 60 * 60,
    keyPrefix: 'invitation-workspace',
  });
  const perInviter = createAuthRateLimiter(pool, {
    points: points.perInviter,
    durationSeconds: 60 * 60,
    keyPrefix: 'invitation-inviter',
  });
  return byKeyKind('workspace:', perWorkspace, perInviter);
}

/**
 * Domain adds and verifies per person: a verify asks DNS and an add writes a claim. 60 in 10
 * minutes is far beyond a person connecting domains, and stops a script claiming hosts in bulk
 * or probing DNS through the verifier.
 */
export const DOMAIN_WRITES_PER_10_MINUTES = 60;

/** The domain write limiter on `pool` (built once, by runtime.ts or a test). */
export function createDomainWriteLimiter(
  pool: Db['pool'],
  points = DOMAIN_WRITES_PER_10_MINUTES,
): AuthRateLimiter {
  return createAuthRateLimiter(pool, {
    points,
    durationSeconds: 10 * 60,
    keyPrefix: 'domain-write',
  });
}

/**
 * Module health checks per person and module (`POST /modules/{key}/health-check`): each one is
 * an outbound request from the shell to the module's service. 30 in 10 minutes is far beyond
 * an admin pressing "Check now", and stops anyone with `modules.enable` from making the shell
 * hammer a module's service (probe A-5).
 */
export const MODULE_HEALTH_CHECKS_PER_10_MINUTES = 30;

/** The module health check limiter on `pool` (built once, by runtime.ts or a test). */
export function createModuleHealthCheckLimiter(
  pool: Db['pool'],
  points = MODULE_HEALTH_CHECKS_PER_10_MINUTES,
): AuthRateLimiter {
  return createAuthRateLimiter(pool, {
    points,
    durationSeconds: 10 * 60,
    keyPrefix: 'module-health-check',
  });
}

/**
 * Module UI tokens per user, across their sessions (`POST /modules/{key}/token`): a module UI
 * asks for one when it needs to call its backend and again before it expires (60 s by
 * default), so 60 a minute is far beyond any page, and stops a module (or a script with the
 * session, signing in again for a fresh budget) minting in bulk.
 */
export const MODULE_TOKENS_PER_MINUTE = 60;

/** The module token limiter on `pool` (built once, by runtime.ts or a test). */
export function createModuleTokenLimiter(
  pool: Db['pool'],
  points = MODULE_TOKENS_PER_MINUTE,
): AuthRateLimiter {
  return createAuthRateLimiter(pool, { points, durationSeconds: 60, keyPrefix: 'module-token' });
}

/**
 * Integration connects per person (`POST /integrations/providers/composio/connect`): each one
 * writes a connection and an OAuth state and calls the backend. 20 a minute is far beyond a
 * person connecting accounts, and stops a script from creating links at the backend in bulk.
 */
export const INTEGRATION_CONNECTS_PER_MINUTE = 20;

/** The integration connect limiter on `pool` (built once, by runtime.ts or a test). */
export function createIntegrationConnectLimiter(
  pool: Db['pool'],
  points = INTEGRATION_CONNECTS_PER_MINUTE,
): AuthRateLimiter {
  return createAuthRateLimiter(pool, {
    points,
    durationSeconds: 60,
    keyPrefix: 'integration-connect',
  });
}

/**
 * Events emitted per minute (`POST /events`, docs/events.md "API"): per module installation
 * (its API key) and per person. A module's service emits as its users work, in bursts, so its
 * budget is generous (6,000 a minute, 100 a second sustained); a person emitting by hand or
 * from a script gets 600. Both are set by the environment (`EVENTS_EMIT_MODULE_PER_MINUTE`,
 * `EVENTS_EMIT_USER_PER_MINUTE`), e.g. raised for a bench.
 */
export interface EventEmitLimits {
  perModule: number;
  perUser: number;
}

export const DEFAULT_EVENT_EMIT_LIMITS: EventEmitLimits = { perModule: 6000, perUser: 600 };

/**
 * The emit limiter (built once, by runtime.ts or a test): keys `installation:<id>` count
 * against `perModule` in this process's memory (a module's emits are the event bus's hot path:
 * a Postgres counter is an upsert of one hot row per emit, which made concurrent emits of an
 * installation wait for each other's commit; with N web processes a module may emit up to N
 * times its budget), every other key (`user:<id>`) against `perUser` in Postgres on `pool`.
 */
export function createEventEmitLimiter(
  pool: Db['pool'],
  limits: EventEmitLimits = DEFAULT_EVENT_EMIT_LIMITS,
): AuthRateLimiter {
  const perModule = createMemoryRateLimiter({
    points: limits.perModule,
    durationSeconds: 60,
    keyPrefix: 'event-emit-module',
  });
  const perUser = createAuthRateLimiter(pool, {
    points: limits.perUser,
    durationSeconds: 60,
    keyPrefix: 'event-emit-user',
  });
  return byKeyKind('installation:', perModule, perUser);
}

/**
 * Refused module API keys (`Authorization: Bearer aicm_...` that does not authenticate) per
 * client address in 10 minutes. A module's server with a working key never fails, so 30 is far
 * beyond a misconfigured deploy retrying; past it every module-key request from the address
 * is `RATE_LIMITED` for the rest of the window, checked before the key's database lookup (valid
 * keys from that address too: a module's server sharing an address with a key-guesser waits).
 * Counted in this process's memory: a refused key costs no write, and with N web processes an
 * address gets up to N times the budget.
 */
export const MODULE_KEY_FAILURES_PER_10_MINUTES = 30;

/** The failed module key limiter (keys `ip:<address>`, `addressLimitKey`). */
export function createModuleKeyFailureLimiter(
  points = MODULE_KEY_FAILURES_PER_10_MINUTES,
): AuthRateLimiter {
  return createMemoryRateLimiter({
    points,
    durationSeconds: 10 * 60,
    keyPrefix: 'module-key-failure',
  });
}

/** Credential issues (rotations) per person and module within 10 minutes (`POST /modules/{key}/credentials`). */
export const MODULE_CREDENTIAL_ISSUES_PER_10_MINUTES = 20;

/** The module credential limiter on `pool` (keys `user:<id>:module:<key>`). */
export function createModuleCredentialLimiter(
  pool: Db['pool'],
  points = MODULE_CREDENTIAL_ISSUES_PER_10_MINUTES,
): AuthRateLimiter {
  return createAuthRateLimiter(pool, {
    points,
    durationSeconds: 10 * 60,
    keyPrefix: 'module-credentials',
  });
}

/**
 * Credential resolutions per person (`POST /credentials/resolve`): each one walks the ancestry
 * and writes a row of the resolution log. 120 a minute is far beyond an admin pressing "Test
 * resolution", and stops a script filling the log.
 */
export const CREDENTIAL_RESOLUTIONS_PER_MINUTE = 120;

/** The credential resolve limiter on `pool` (keys `user:<id>`). */
export function createCredentialResolveLimiter(
  pool: Db['pool'],
  points = CREDENTIAL_RESOLUTIONS_PER_MINUTE,
): AuthRateLimiter {
  return createAuthRateLimiter(pool, {
    points,
    durationSeconds: 60,
    keyPrefix: 'credential-resolve',
  });
}
