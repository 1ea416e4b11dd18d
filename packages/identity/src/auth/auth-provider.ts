import type { Db } from '@aiconnected/db';

/** Email and password as the sign-in form sends them (email already trimmed and lower-cased). */
export interface PasswordCredentials {
  email: string;
  password: string;
}

/**
 * Checks credentials against an identity source (docs/identity.md). `authenticate` answers
 * with the shell user (`users.id`) the credentials belong to, or null for an unknown email,
 * a wrong password or a user without a credential, never saying which. Whether that user may
 * sign in (status `active`) is for `signIn` to decide, the same way for every provider.
 */
export interface AuthProvider {
  readonly kind: 'local' | 'supabase';
  authenticate: (db: Db, credentials: PasswordCredentials) => Promise<{ userId: string } | null>;
}

/** The subset of a pino logger identity code uses; a pino `Logger` satisfies it. */
export interface AuthLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}
