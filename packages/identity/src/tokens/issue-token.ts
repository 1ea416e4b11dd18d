import type { Tx } from '@aiconnected/db';
import { generateToken } from '../crypto/generate-token';
import type { AuthTokenPurpose } from './auth-token';

export interface IssueTokenInput {
  purpose: AuthTokenPurpose;
  userId: string;
  /** The workspace an invitation is for. */
  workspaceId?: string | null;
  /** The role an invitation grants there when accepted (required for invitations). */
  roleTemplate?: string | null;
  /** The address an invitation is sent to (required for invitations; the pending list shows it). */
  invitedEmail?: string | null;
  /** The address an email verification confirms. */
  newEmail?: string | null;
  createdByUserId?: string | null;
  ttlMinutes: number;
}

/** A token just issued: the plain token (to mail), its row's id and expiry. */
export interface IssuedToken {
  token: string;
  id: string;
  expiresAt: Date;
}

/**
 * Issues a single-use token and returns it in plain (to be mailed, never stored or logged);
 * the row keeps only its hash. Earlier unused tokens of the same user and purpose (for an
 * invitation: and workspace) stop working, so only the newest link mailed is valid. `tx` must run as the service
 * (`auth_tokens` is service-only).
 */
export async function issueToken(tx: Tx, input: IssueTokenInput): Promise<IssuedToken> {
  if (!Number.isFinite(input.ttlMinutes) || input.ttlMinutes <= 0) {
    throw new TypeError('issueToken: ttlMinutes must be a positive number');
  }
  // Locking the user serialises concurrent issues, so "only the newest is valid" holds.
  await tx.query('select id from public.users where id = $1 for no key update', [input.userId]);
  await tx.query(
    `delete from public.auth_tokens
      where user_id = $1 and purpose = $2 and used_at is null
        and (purpose <> 'invitation' or workspace_id is not distinct from $3)`,
    [input.userId, input.purpose, input.workspaceId ?? null],
  );
  const { token, hash } = generateToken();
  const { rows } = await tx.query<{ id: string; expires_at: Date }>(
    `insert into public.auth_tokens
       (purpose, token_hash, user_id, workspace_id, role_template, invited_email, new_email,
        created_by_user_id, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(mins => $9))
     returning id, expires_at`,
    [
      input.purpose,
      hash,
      input.userId,
      input.workspaceId ?? null,
      input.roleTemplate ?? null,
      input.invitedEmail ?? null,
      input.newEmail ?? null,
      input.createdByUserId ?? null,
      input.ttlMinutes,
    ],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('issueToken: the insert returned no row');
  return { token, id: row.id, expiresAt: row.expires_at };
}
