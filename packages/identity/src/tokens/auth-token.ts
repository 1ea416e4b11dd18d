/** What a single-use token is for (`auth_tokens.purpose`). */
export type AuthTokenPurpose =
  | 'invitation'
  | 'password_reset'
  | 'email_verification'
  /** Mailed to the old address of an email change: cancels it while it is pending. */
  | 'email_change_cancel';

/** An `auth_tokens` row. The plain token is never stored: only its sha256 (`token_hash`). */
export interface AuthTokenRow {
  id: string;
  purpose: AuthTokenPurpose;
  user_id: string;
  /** The workspace of an invitation. */
  workspace_id: string | null;
  /** The role an invitation grants in `workspace_id` when accepted. */
  role_template: string | null;
  /** The address an email verification confirms. */
  new_email: string | null;
  created_by_user_id: string | null;
  expires_at: Date;
  used_at: Date | null;
  created_at: Date;
}

/** How long each kind of emailed link stays valid. */
export const TOKEN_TTL_MINUTES = {
  invitation: 7 * 24 * 60,
  password_reset: 60,
  email_verification: 24 * 60,
  email_change_cancel: 24 * 60,
} as const satisfies Record<AuthTokenPurpose, number>;
