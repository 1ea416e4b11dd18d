import type { Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { hashToken, isTokenShaped } from '../crypto/hash-token';
import type { AuthTokenPurpose, AuthTokenRow } from './auth-token';

export interface ConsumeTokenInput {
  /** One purpose or several (a set-password link may carry a reset or an invitation token). */
  purpose: AuthTokenPurpose | readonly AuthTokenPurpose[];
  token: string;
}

/** The one answer for every unusable link, so it reveals nothing about why it failed. */
export const INVALID_LINK_MESSAGE = 'This link is invalid or has expired.';

/**
 * Marks a single-use token used and returns its row; throws `SESSION_INVALID` when the token
 * is unknown, of another purpose, already used or expired. One conditional UPDATE claims it,
 * so of two concurrent uses exactly one succeeds. `tx` must run as the service.
 */
export async function consumeToken(tx: Tx, input: ConsumeTokenInput): Promise<AuthTokenRow> {
  const purposes = typeof input.purpose === 'string' ? [input.purpose] : [...input.purpose];
  if (!isTokenShaped(input.token)) throw invalidLink();
  const { rows } = await tx.query<AuthTokenRow>(
    `update public.auth_tokens
        set used_at = now()
      where token_hash = $1 and purpose = any($2::text[])
        and used_at is null and expires_at > now()
      returning id, purpose, user_id, workspace_id, role_template, new_email, created_by_user_id,
                expires_at, used_at, created_at`,
    [hashToken(input.token), purposes],
  );
  const row = rows[0];
  if (!row) throw invalidLink();
  return row;
}

function invalidLink(): ShellError {
  return new ShellError('SESSION_INVALID', 'single-use token unknown, used or expired', {
    userMessage: INVALID_LINK_MESSAGE,
  });
}
