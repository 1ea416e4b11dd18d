import type { Db } from '@aiconnected/db';
import type { SignInResult as SignInAnswer } from '@aiconnected/sdk-contracts';
import type { AuthLogger, AuthProvider } from './auth-provider';
import { describeStartedSession } from './describe-started-session';
import { signIn, type SignInInput, type SignInLimiters } from './sign-in';

/**
 * `POST /auth/sign-in`: signs the user in (`signIn`: limits, credentials, session, audit) and
 * answers with the session, its token and the workspaces to pick from.
 */
export async function signInWithOptions(
  db: Db,
  provider: AuthProvider,
  limiters: SignInLimiters,
  input: SignInInput,
  logger?: AuthLogger,
): Promise<SignInAnswer> {
  const started = await signIn(db, provider, limiters, input, logger);
  return describeStartedSession(db, started);
}
