import type { Db } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import type { AuthProvider } from './auth-provider';

export interface CreateSupabaseAuthProviderOptions {
  /** The project URL, e.g. `https://abc.supabase.co` (no trailing slash needed). */
  supabaseUrl: string;
  /** The project's anon (publishable) key, sent as `apikey`. */
  anonKey: string;
  /** A fetch implementation (defaults to the global one); used for GoTrue and the JWKS. */
  fetch?: typeof fetch;
  /** How long a GoTrue or JWKS request may take, in ms (default 5000). */
  timeoutMs?: number;
}

/** A verified Supabase access token. */
export interface SupabaseAccessToken {
  /** `sub`: the Supabase auth user id, matched against `users.auth_user_id`. */
  authUserId: string;
  email: string | null;
  expiresAt: Date;
}

export interface SupabaseAuthProvider extends AuthProvider {
  readonly kind: 'supabase';
  /**
   * Verifies a Supabase access token (e.g. a `Bearer` JWT of an API client) against the
   * project's JWKS: signature, `iss` = `<url>/auth/v1`, `aud` = `authenticated`, expiry.
   * Null when the token is invalid; throws when the JWKS cannot be fetched.
   */
  verifySupabaseAccessToken(token: string): Promise<SupabaseAccessToken | null>;
  /** The shell user a verified token belongs to (by `users.auth_user_id`), or null. */
  findUserIdByAuthUserId(db: Db, authUserId: string): Promise<string | null>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** jose error codes that mean "this token is not acceptable", not "verification could not run". */
const INVALID_TOKEN_CODES = new Set([
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_EXPIRED',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
]);

/**
 * The `supabase` provider: passwords are checked by Supabase Auth (GoTrue) with the
 * password grant, and the access token it returns is verified locally with jose against the
 * project's JWKS before its `sub` is mapped to `users.auth_user_id`. Wrong credentials give
 * null; an unreachable or failing GoTrue throws `INTERNAL_ERROR` (never "wrong password").
 */
export function createSupabaseAuthProvider(
  options: CreateSupabaseAuthProviderOptions,
): SupabaseAuthProvider {
  const base = options.supabaseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  const issuer = `${base}/auth/v1`;
  // jose caches the key set and refetches on an unknown `kid` (after a cooldown).
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), {
    timeoutDuration: timeoutMs,
    ...(options.fetch ? { [customFetch]: options.fetch } : {}),
  });

  async function verifySupabaseAccessToken(token: string): Promise<SupabaseAccessToken | null> {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer,
        audience: 'authenticated',
        algorithms: ['ES256', 'RS256'],
        requiredClaims: ['sub', 'exp'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
      return {
        authUserId: payload.sub,
        email: typeof payload.email === 'string' ? payload.email : null,
        expiresAt: new Date(payload.exp * 1000),
      };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && INVALID_TOKEN_CODES.has(code)) return null;
      throw new ShellError('INTERNAL_ERROR', 'Supabase JWKS could not be used', { cause: error });
    }
  }

  async function requestAccessToken(email: string, password: string): Promise<string | null> {
    let response: Response;
    try {
      response = await doFetch(`${issuer}/token?grant_type=password`, {
        method: 'POST',
        headers: { apikey: options.anonKey, 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ShellError('INTERNAL_ERROR', 'Supabase Auth is unreachable', { cause: error });
    }
    // GoTrue answers 400 (invalid_credentials / invalid_grant) for unknown email and wrong
    // password alike; anything else that is not a success is an outage or misconfiguration.
    if (response.status === 400) return null;
    if (!response.ok) {
      throw new ShellError('INTERNAL_ERROR', `Supabase Auth answered ${response.status}`);
    }
    const body = (await response.json()) as { access_token?: unknown };
    if (typeof body.access_token !== 'string') {
      throw new ShellError('INTERNAL_ERROR', 'Supabase Auth returned no access_token');
    }
    return body.access_token;
  }

  async function findUserIdByAuthUserId(db: Db, authUserId: string): Promise<string | null> {
    // users.auth_user_id is a uuid: another shape can match no one (and must not reach SQL).
    if (!UUID.test(authUserId)) return null;
    return db.withService('auth: map Supabase user', async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        'select id from public.users where auth_user_id = $1',
        [authUserId],
      );
      return rows[0]?.id ?? null;
    });
  }

  return {
    kind: 'supabase',
    verifySupabaseAccessToken,
    findUserIdByAuthUserId,
    async authenticate(db, { email, password }) {
      const accessToken = await requestAccessToken(email, password);
      if (accessToken === null) return null;
      const verified = await verifySupabaseAccessToken(accessToken);
      if (!verified) return null;
      const userId = await findUserIdByAuthUserId(db, verified.authUserId);
      return userId === null ? null : { userId };
    },
  };
}
