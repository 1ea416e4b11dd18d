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
  /** Changed a workspace's credential policy for a provider (`target_type`
   *  `credential_policy`, `target_id` the policy). `provider_key`, `version`, and each changed
   *  field (`resolution_order`, `allow_parent_fallback`, `fallback_when_invalid`,
   *  `allowed_scopes`) as `{ from, to }`. */
  'credentials.policy_update',
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
  /** A delivery (`target_type` `event_delivery`, `target_id` the delivery) used its last
   *  attempt and was dead-lettered by the delivery worker (no actor); its lane waits.
   *  `event_id`, `event_name`, `module_key`, `stream`, `attempts`, `last_status`, `last_error`. */
  'events.dead_letter',
  /** Retried a dead-lettered delivery (`target_type` `event_delivery`, `target_id` the
   *  delivery). `event_id`, `event_name`, `module_key`, `state` as `{ from, to }`. */
  'events.delivery_retry',
  /** Skipped a dead-lettered or pending delivery (`target_type` `event_delivery`, `target_id`
   *  the delivery): its lane goes on. `event_id`, `event_name`, `module_key`, `state` as
   *  `{ from, to }`. */
  'events.delivery_skip',
  /** The delivery worker disabled a module's webhook endpoint after it answered 410 Gone
   *  (`target_type` `module_installation`, `target_id` the module key; no actor): its pending
   *  event deliveries were skipped. `module_key`, `delivery_id`, `status`, `skipped` (count). */
  'events.endpoint_disabled',
  /** Resumed a module's webhook endpoint disabled after a 410 or by an admin
   *  (`target_type` `module_installation`, `target_id` the module key). `module_key`,
   *  `disabled_reason`, `disabled_at`. */
  'events.endpoint_resume',
  /** Queued deliveries again (`target_type` `workspace`, `target_id` the workspace).
   *  `module_key`, `stream`, `from`, `to`, `replayed` (count). */
  'events.replay',
  /** Started impersonating `target_id` (a workspace). `reason`, `impersonation`. */
  'impersonation.start',
  /** Stopped impersonating `target_id` (a workspace). `reason`, `impersonation`. */
  'impersonation.stop',
  /** The provider's hosted flow came back and the connection (`target_type`
   *  `integration_connection`, `target_id` the connection) became active. `provider_key`,
   *  `provider_account_ref`, `backend`, `status` as `{ from, to }`. */
  'integration.activate',
  /** Started connecting a provider account (`target_type` `integration_connection`,
   *  `target_id` the connection): the hosted OAuth flow was initiated. `provider_key`,
   *  `provider_account_ref`, `scopes`, `backend`. Never a token or the OAuth state. */
  'integration.connect',
  /** Disconnected a provider account (`target_id` the connection); its secret is dropped.
   *  `provider_key`, `provider_account_ref`, `backend`, `status` as `{ from, to }`. */
  'integration.disconnect',
  /** The provider's hosted flow came back and the connection (`target_id`) failed.
   *  `provider_key`, `provider_account_ref`, `backend`, `status` as `{ from, to }`. */
  'integration.fail',
  /** Created or changed a provider config (`target_type` `integration_provider_config`,
   *  `target_id` the provider key). `provider_key`, `changed` (the keys that differ). */
  'integration.provider_config_update',
  /** The status refresh job saw a connection (`target_id`) change at the provider (no actor).
   *  `provider_key`, `provider_account_ref`, `status` as `{ from, to }`, `reason`. */
  'integration.status_change',
  /** Changed a membership (`target_id`). `user_id`, `role_template`, `active` and
   *  `permission_overrides` as `{ from, to }`. */
  'membership.update',
  /** Issued (rotated) credentials of a module installation (`target_type`
   *  `module_installation`, `target_id` the module key); never the secrets. `module_key`,
   *  `kinds`, `credential_ids`, `prefixes`, `overlap_hours`, `previous_expire_at`. */
  'module.credentials_issue',
  /** Disabled a module in a workspace (`target_type` `module_installation`, `target_id` the
   *  module key): its navigation and routes stop. `module_key`, `version`, `state` as
   *  `{ from, to }`. */
  'module.disable',
  /** Enabled a module in a workspace (`target_type` `module_installation`, `target_id` the
   *  module key) after its target answered healthy and, for a paid module, the billing
   *  entitlement allowed it. `module_key`, `version`, `state` as `{ from, to }`, `health`
   *  (`{ status, http_status, latency_ms }`), `paid`, `billing_state`. */
  'module.enable',
  /** Imported a module manifest into the registry (`target_type` `module_registry`,
   *  `target_id` the registry row). `module_key`, `version`, `status` (`registered` | `draft`),
   *  `outcome` (`created`, or `unchanged` for the same manifest again), `warnings` (count),
   *  `package_uri` when fetched from a URL, as origin and path only (`origin + pathname`: no
   *  userinfo, query or fragment, where a signed URL's token would be). */
  'module.import',
  /** Installed a module in a workspace (`target_type` `module_installation`, `target_id` the
   *  module key) at the registry's current version. `module_key`, `version`, `state` as
   *  `{ from, to }`, `config_keys` (the top-level keys of the config, never its values). */
  'module.install',
  /** Rolled an installation back to its previous version (`target_id` the module key).
   *  `module_key`, `version` as `{ from, to }`. */
  'module.installation_rollback',
  /** Changed an agency's module policy (`target_type` `module_policy`, `target_id` the agency
   *  workspace). `businesses_may_manage` as `{ from, to }`. */
  'module.policy_update',
  /** Promoted a registry draft (`target_id` the registry row) to registered, after a new
   *  assessment; it became the module's current version. `module_key`, `version`, `warnings`. */
  'module.promote',
  /** Rejected a registry draft (`target_id` the registry row). `module_key`, `version`,
   *  `reason`. */
  'module.reject',
  /** Moved a module's current registry version back (`target_id` the registry row now
   *  current). `module_key`, `from_version`, `to_version`. */
  'module.rollback',
  /** Changed which permissions a module's UI tokens may carry in a workspace (`target_type`
   *  `module_installation`, `target_id` the module key). `module_key`, `version`,
   *  `token_permissions` as `{ from, to }`. */
  'module.token_permissions_update',
  /** Uninstalled a module from a workspace (`target_id` the module key); its config is kept
   *  on the row for a later install. `module_key`, `version`, `state` as `{ from, to }`. */
  'module.uninstall',
  /** Upgraded an installation (`target_id` the module key) to the registry's current version.
   *  `module_key`, `version` as `{ from, to }`, `grants_more`, `consent`, `added_permissions`. */
  'module.upgrade',
  /** Published a new SDK contract version (`target_type` `sdk_contract_version`, `target_id`
   *  its row). `contract_name`, `semver`, `status`, `previous_version`, `breaking` (whether it
   *  breaks the previous version's schema; then it is a major bump). */
  'sdk_contract.publish',
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
  /** Removed the `invited` user row a new address got for an invitation, when its last
   *  pending invitation was revoked and it never signed in (`target_type` `user`; in the
   *  platform workspace, so the invitation's workspace never learns whether the address had
   *  an account). `email`, `invitation_id`. */
  'user.pending_removed',
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
