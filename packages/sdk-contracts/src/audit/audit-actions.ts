/**
 * Every action the shell writes to `audit_logs`, and the keys of `metadata_json` each one
 * carries: the one list audit writers accept (`writeAuditLog`, `recordAudit`), the audit API
 * validates its `action` filter against, and the audit viewer offers. A new audited action is
 * added here first.
 *
 * Keys every row may carry, whatever the action:
 * - `people`: the people the row names as they were when it was written (`AuditPeopleSnapshot`),
 *   added by the database (trigger `audit_logs_snapshot_people`, migration 021).
 * - `impersonation`: `{ actor_user_id, actor_workspace_id, target_workspace_id }` when the
 *   action was taken while impersonating.
 * - `user_id`: the person a membership or invitation concerns (the target user of the row).
 * A change of a field is `{ from, to }`, under the key the list below names.
 */
export const AUDIT_ACTIONS = [
  /** Signed in. `provider`, `ip`, `user_agent`, `workspace_selected`. */
  'auth.sign_in',
  /** Saved a new version (`version`) of a workspace's login-screen branding profile
   *  (`target_type` `login_screen_profile`, `target_id` the workspace). `version`, `note`,
   *  `changed_fields` (the profile fields that differ from the previous version),
   *  `allow_business_override` as `{ from, to }` when an agency changed its policy. */
  'branding.login_screen.update',
  /** Activated a branding asset (`target_id`) as its workspace's asset of its type; the previous
   *  one, if any, was deactivated in the same change. `asset_type`, `previous_asset_id`. */
  'branding_asset.activate',
  /** Deactivated the active branding asset (`target_id`): the type inherits again. `asset_type`. */
  'branding_asset.deactivate',
  /** Asked for a signed upload URL for a new branding asset (`target_id`). `asset_type`,
   *  `mime_type`, `size_bytes`, `expires_at`. */
  'branding_asset.upload_url',
  /** Uploaded a branding asset (`target_id`) through its signed URL, or had it refused.
   *  `asset_type`, `outcome` (`clean` | `rejected`), `reason` (refused), `sha256`, `mime_type`,
   *  `size_bytes`, `width`, `height`, `scan_engine`, `scan_detail`. */
  'branding_asset.upload',
  /** Added a custom domain (`target_id`), pending until its TXT record is verified. `host`. */
  'domain.add',
  /** A domain never verified (`target_id`) was released when its claim expired
   *  (`DOMAIN_CLAIM_TTL_DAYS` after it was added; no actor: the background checker, or the
   *  add of the same host by any workspace). Its check history is kept. `host`, `status`,
   *  `added_at`, `ttl_days`. */
  'domain.claim_expired',
  /** A verified domain's TXT record vanished: the background checker marked it lost and it
   *  stopped routing (no actor). `host`, `outcome`, `detail`. */
  'domain.lost',
  /** Removed a custom domain (`target_id`); its check history is kept. `host`, `status`. */
  'domain.remove',
  /** Asked to verify a domain (`target_id`); written whatever the DNS check found. `host`,
   *  `outcome`, `detail`, `status` as `{ from, to }`. */
  'domain.verify',
  /** Started impersonating `target_id` (a workspace). `reason`, `impersonation`. */
  'impersonation.start',
  /** Stopped impersonating `target_id` (a workspace). `reason`, `impersonation`. */
  'impersonation.stop',
  /** Changed a membership (`target_id`). `user_id`, `role_template`, `active` and
   *  `permission_overrides` as `{ from, to }`. */
  'membership.update',
  /** Rolled a workspace's theme back: saved `version`, a copy of `rolled_back_to`'s tokens
   *  (`target_type` `theme`, `target_id` the workspace). `version`, `rolled_back_to`, `note`. */
  'theme.rollback',
  /** Saved a new version of a workspace's theme tokens (`target_type` `theme`, `target_id`
   *  the workspace). `version`, `note`, `changed_tokens` (`mode.token` names whose value or
   *  lock differs from the previous version). */
  'theme.update',
  /** Cancelled a pending address change through the link mailed to the old address. `new_email`. */
  'user.email_change_cancelled',
  /** Asked to change a user's address. `new_email` (the old one is in `people.target_user`). */
  'user.email_change_requested',
  /** Confirmed an address change through the emailed link. `old_email`, `new_email`. */
  'user.email_change_verified',
  /** Accepted an invitation through the emailed link. `role_template`. */
  'user.invitation_accepted',
  /** Mailed a pending invitation again with a new link (`target_id` the invitation).
   *  `email`, `role_template` (no user is named, as for `user.invite`). */
  'user.invitation_resent',
  /** Withdrew a pending invitation (`target_id` the invitation). `email`, `role_template`
   *  (no user is named, as for `user.invite`). */
  'user.invitation_revoked',
  /** Invited an address to a workspace (`target_type` `invitation`, `target_id` the pending
   *  invitation; no user is named, so an existing account stays anonymous until it accepts).
   *  `email`, `role_template`, `invite_status`. */
  'user.invite',
  /** Changed one's own password on the account page (other sessions revoked). */
  'user.password_changed',
  /** Set a new password through a reset link. */
  'user.password_reset_completed',
  /** Sent a user a password reset link. */
  'user.password_reset_link',
  /** Asked for a password reset for one's own address. */
  'user.password_reset_requested',
  /** Changed a user's profile. `display_name`: `{ from, to }` (rows before 2026-12 hold the new name alone). */
  'user.profile_update',
  /** Reactivated a user. `from_status`, `to_status`. */
  'user.reactivate',
  /** Suspended a user. `from_status`, `to_status`. */
  'user.suspend',
  /** Reactivated a workspace. `from`, `to` (statuses). */
  'workspace.activate',
  /** Archived a workspace. `from`, `to` (statuses). */
  'workspace.archive',
  /** Created a workspace (`target_id`) under the row's workspace. `type`, `name`, `slug`,
   *  `parent_workspace_id`. */
  'workspace.create',
  /** Renamed a workspace. `from`, `to` (names). */
  'workspace.rename',
  /** Suspended a workspace. `from`, `to` (statuses). */
  'workspace.suspend',
  /** Switched the session's active workspace (written by the database). `from_workspace_id`,
   *  `to_workspace_id`. */
  'workspace.switch',
] as const;

/** An action `audit_logs` records. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Whether `value` is one of `AUDIT_ACTIONS`. */
export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** A person as an audit row remembers them. */
export interface AuditPersonSnapshot {
  id: string;
  email: string;
  display_name: string | null;
}

/** `metadata_json.people`: who acted, for whom, and on whom, at the time of the row. */
export interface AuditPeopleSnapshot {
  actor?: AuditPersonSnapshot;
  impersonator?: AuditPersonSnapshot;
  /** `target_id` when `target_type` is `user`, else the row's `user_id`. */
  target_user?: AuditPersonSnapshot;
}
