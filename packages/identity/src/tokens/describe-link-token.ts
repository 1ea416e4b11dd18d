import type { Db } from '@aiconnected/db';
import { type LinkDescription, ShellError } from '@aiconnected/sdk-contracts';
import { hashToken, isTokenShaped } from '../crypto/hash-token';
import { INVALID_LINK_MESSAGE } from './consume-token';

/**
 * `POST /auth/links/inspect`: reads a reset or invitation token without spending it, so the
 * page says at once when the link is used, expired or unknown (`SESSION_INVALID`, the same
 * answer for each) instead of after the form is filled. The link is the proof: the answer
 * names the account it was mailed to. A suspended account's link is invalid too.
 */
export async function describeLinkToken(db: Db, token: string): Promise<LinkDescription> {
  if (!isTokenShaped(token)) throw invalidLink();
  const row = await db.withService('identity: inspect an emailed link', async (tx) => {
    const { rows } = await tx.query<{
      purpose: 'invitation' | 'password_reset';
      email: string;
      display_name: string | null;
      workspace_name: string | null;
      has_password: boolean;
      expires_at: Date;
    }>(
      `select t.purpose, u.email, u.display_name, w.name as workspace_name, t.expires_at,
              exists (select 1 from public.user_credentials c where c.user_id = u.id) as has_password
         from public.auth_tokens t
         join public.users u on u.id = t.user_id
         left join public.workspaces w on w.id = t.workspace_id
        where t.token_hash = $1 and t.purpose in ('invitation', 'password_reset')
          and t.used_at is null and t.expires_at > now() and u.status <> 'suspended'`,
      [hashToken(token)],
    );
    return rows[0];
  });
  if (!row) throw invalidLink();
  return { ...row, expires_at: row.expires_at.toISOString() };
}

function invalidLink(): ShellError {
  return new ShellError('SESSION_INVALID', 'inspected link unknown, used or expired', {
    userMessage: INVALID_LINK_MESSAGE,
  });
}
