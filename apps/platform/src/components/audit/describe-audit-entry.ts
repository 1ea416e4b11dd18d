import type { AuditAction } from '@aiconnected/sdk-contracts';
import type { AuditLogEntry, AuditLogPerson } from '@aiconnected/sdk-contracts';
import { personName, roleLabel, statusLabel } from '../labels';

/** Each audited action as a person reads it in the action filter. */
export const AUDIT_ACTION_LABELS = {
  'auth.sign_in': 'Signed in',
  'branding.login_screen.update': 'Sign-in page saved',
  'branding_asset.activate': 'Branding asset activated',
  'branding_asset.deactivate': 'Branding asset deactivated',
  'branding_asset.upload': 'Branding asset uploaded',
  'branding_asset.upload_url': 'Branding upload started',
  'credentials.policy_update': 'Credential policy changed',
  'domain.add': 'Domain added',
  'domain.claim_expired': 'Domain claim expired',
  'domain.lost': 'Domain lost',
  'domain.remove': 'Domain removed',
  'domain.verify': 'Domain checked',
  'events.dead_letter': 'Event delivery dead-lettered',
  'events.delivery_retry': 'Event delivery retried',
  'events.delivery_skip': 'Event delivery skipped',
  'events.endpoint_disabled': 'Module webhook endpoint disabled',
  'events.endpoint_resume': 'Module webhook endpoint resumed',
  'events.replay': 'Events replayed',
  'impersonation.start': 'Impersonation started',
  'impersonation.stop': 'Impersonation stopped',
  'integration.activate': 'Integration connected',
  'integration.connect': 'Integration connection started',
  'integration.disconnect': 'Integration disconnected',
  'integration.fail': 'Integration connection failed',
  'integration.provider_config_update': 'Integration provider changed',
  'integration.status_change': 'Integration status changed',
  'membership.update': 'Membership changed',
  'module.credentials_issue': 'Module credentials issued',
  'module.disable': 'Module disabled',
  'module.enable': 'Module enabled',
  'module.import': 'Module imported',
  'module.install': 'Module installed',
  'module.installation_rollback': 'Module version rolled back',
  'module.policy_update': 'Module policy changed',
  'module.promote': 'Module draft promoted',
  'module.reject': 'Module draft rejected',
  'module.rollback': 'Module current version rolled back',
  'module.token_permissions_update': 'Module UI token grants changed',
  'module.uninstall': 'Module uninstalled',
  'module.upgrade': 'Module upgraded',
  'sdk_contract.publish': 'SDK contract published',
  'theme.rollback': 'Theme rolled back',
  'theme.update': 'Theme saved',
  'user.email_change_cancelled': 'Email change cancelled',
  'user.email_change_requested': 'Email change requested',
  'user.email_change_verified': 'Email change confirmed',
  'user.invitation_accepted': 'Invitation accepted',
  'user.invitation_resent': 'Invitation resent',
  'user.invitation_revoked': 'Invitation revoked',
  'user.invite': 'Member invited',
  'user.password_changed': 'Password changed',
  'user.password_reset_completed': 'Password reset completed',
  'user.password_reset_link': 'Password reset link sent',
  'user.password_reset_requested': 'Password reset requested',
  'user.pending_removed': 'Unused invited account removed',
  'user.profile_update': 'Profile changed',
  'user.reactivate': 'User reactivated',
  'user.suspend': 'User suspended',
  'workspace.activate': 'Workspace reactivated',
  'workspace.archive': 'Workspace archived',
  'workspace.create': 'Workspace created',
  'workspace.rename': 'Workspace renamed',
  'workspace.suspend': 'Workspace suspended',
  'workspace.switch': 'Workspace switched',
} as const satisfies Record<AuditAction, string>;

/** A metadata value as text, or null when it is not a string. */
function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A `{ from, to }` change of the metadata, or null. */
function change(value: unknown): { from: unknown; to: unknown } | null {
  if (typeof value !== 'object' || value === null || !('from' in value) || !('to' in value)) {
    return null;
  }
  return { from: value.from, to: value.to };
}

/** Lowercase, for a status inside a sentence. */
const status = (value: unknown) => statusLabel(String(value)).toLowerCase();

/**
 * One audit entry as a sentence, naming its people as they were at the time (`Ana Admin
 * changed Bob's role from Business user to Business manager.`). `workspaceName` names a
 * workspace by id (the visitor's list), else a short id.
 */
export function describeAuditEntry(
  entry: AuditLogEntry,
  workspaceName: (id: string) => string,
): string {
  const meta = entry.metadata_json;
  const actor = entry.actor
    ? personName(entry.actor)
    : entry.actor_user_id === null
      ? 'The system'
      : `User ${entry.actor_user_id.slice(0, 8)}`;
  const target = whom(entry.target_user, entry.target_id);
  const targets = `${target}'s`;
  // Invitation rows name the address only: an existing account is not named before it accepts.
  const invitee = text(meta.email) ?? target;
  const workspace = entry.target_id === null ? 'a workspace' : workspaceName(entry.target_id);
  const statusChange = change(meta) ?? {
    from: meta.from_status,
    to: meta.to_status,
  };

  switch (entry.action) {
    case 'auth.sign_in':
      return `${actor} signed in.`;
    case 'impersonation.start': {
      const reason = text(meta.reason);
      return `${actor} started impersonating ${workspace}${reason ? `: “${reason}”` : ''}.`;
    }
    case 'impersonation.stop':
      return `${actor} stopped impersonating ${workspace}.`;
    // Domain rows target the domain; the workspace is the row's own.
    case 'domain.add':
      return `${actor} added the domain ${text(meta.host) ?? ''} to ${workspaceName(entry.workspace_id)}.`;
    case 'domain.verify':
      return `${actor} checked the domain ${text(meta.host) ?? ''}: ${text(meta.outcome) ?? 'unknown'}.`;
    case 'domain.claim_expired':
      return `The domain ${text(meta.host) ?? ''} was never verified and its claim expired: it was released.`;
    case 'domain.lost':
      return `The domain ${text(meta.host) ?? ''} lost its DNS record and stopped working.`;
    case 'domain.remove':
      return `${actor} removed the domain ${text(meta.host) ?? ''} from ${workspaceName(entry.workspace_id)}.`;
    // Event delivery rows (docs/events.md): the module and the event, never a payload.
    case 'events.dead_letter':
      return `Delivery of ${text(meta.event_name) ?? 'an event'} to ${text(meta.module_key) ?? 'a module'} failed through its last attempt and went to the dead letter.`;
    case 'events.delivery_retry':
      return `${actor} retried the delivery of ${text(meta.event_name) ?? 'an event'} to ${text(meta.module_key) ?? 'a module'}.`;
    case 'events.delivery_skip':
      return `${actor} skipped the delivery of ${text(meta.event_name) ?? 'an event'} to ${text(meta.module_key) ?? 'a module'}.`;
    case 'events.endpoint_disabled':
      return `The webhook endpoint of ${text(meta.module_key) ?? 'a module'} answered 410 Gone and was disabled.`;
    case 'events.endpoint_resume':
      return `${actor} resumed the webhook endpoint of ${text(meta.module_key) ?? 'a module'}.`;
    case 'events.replay':
      return `${actor} replayed ${typeof meta.replayed === 'number' ? meta.replayed : 'some'} event deliveries${text(meta.stream) ? ` of stream “${text(meta.stream) ?? ''}”` : ''}${text(meta.module_key) ? ` to ${text(meta.module_key) ?? ''}` : ''}.`;
    // Integrations (docs/integrations.md): the provider and the account, never a token.
    case 'integration.connect': {
      const scopes = Array.isArray(meta.scopes) ? meta.scopes.map(String).join(', ') : '';
      return `${actor} started connecting ${account(meta)}${scopes ? ` with the scopes ${scopes}` : ''}.`;
    }
    case 'integration.activate':
      return `${actor} connected ${account(meta)}.`;
    case 'integration.fail':
      return `Connecting ${account(meta)} failed at the provider.`;
    case 'integration.disconnect':
      return `${actor} disconnected ${account(meta)}.`;
    case 'integration.status_change': {
      const moved = change(meta.status);
      const reason = text(meta.reason);
      return `The provider reported ${account(meta)} ${moved ? `${status(moved.to)} (was ${status(moved.from)})` : 'changed'}${reason ? `: ${reason}` : ''}.`;
    }
    case 'integration.provider_config_update': {
      const keys = Array.isArray(meta.changed) ? meta.changed.map(String).join(', ') : '';
      return `${actor} saved the provider ${text(meta.provider_key) ?? entry.target_id ?? ''}${keys ? ` (${keys})` : ''}.`;
    }
    case 'credentials.policy_update': {
      const fields = POLICY_FIELDS.filter(([key]) => meta[key] !== undefined).map(
        ([, name]) => name,
      );
      return `${actor} saved version ${String(meta.version)} of the ${text(meta.provider_key) ?? ''} credential policy of ${workspaceName(entry.workspace_id)}${fields.length ? `: ${fields.join(', ')}` : ''}.`;
    }
    case 'module.credentials_issue':
      return `${actor} issued new credentials for ${text(meta.module_key) ?? 'a module'}.`;
    case 'branding.login_screen.update':
      return `${actor} saved version ${String(meta.version)} of the sign-in page of ${workspace}.`;
    case 'membership.update':
      return `${actor} ${membershipChanges(meta, targets)}.`;
    case 'theme.update':
      return `${actor} saved version ${String(meta.version)} of the theme of ${workspace}.`;
    case 'theme.rollback':
      return `${actor} rolled the theme of ${workspace} back to version ${String(meta.rolled_back_to)} (now version ${String(meta.version)}).`;
    case 'user.email_change_requested': {
      const from = entry.target_user?.email;
      return `${actor} asked to change ${targets} email${from ? ` from ${from}` : ''} to ${text(meta.new_email) ?? 'a new address'}.`;
    }
    case 'user.email_change_cancelled':
      return `${actor} cancelled the change of ${targets} email to ${text(meta.new_email) ?? 'a new address'}.`;
    case 'user.email_change_verified':
      return `${actor} confirmed the email change from ${text(meta.old_email) ?? '?'} to ${text(meta.new_email) ?? '?'}.`;
    case 'user.invitation_accepted':
      return `${actor} accepted an invitation.`;
    case 'user.invitation_resent':
      return `${actor} sent ${invitee} their invitation again.`;
    case 'user.invitation_revoked':
      return `${actor} revoked the invitation of ${invitee}.`;
    case 'user.pending_removed':
      return `${actor} revoked the last invitation of ${invitee}, which never signed in; its unused account was removed.`;
    case 'user.invite': {
      const role = text(meta.role_template);
      return `${actor} invited ${invitee}${role ? ` as ${roleLabel(role)}` : ''}.`;
    }
    case 'user.password_changed':
      return `${actor} changed their password.`;
    case 'user.password_reset_completed':
      return `${actor} set a new password with a reset link.`;
    case 'user.password_reset_link':
      return `${actor} sent ${target} a password reset link.`;
    case 'user.password_reset_requested':
      return `${actor} asked for a password reset.`;
    case 'user.profile_update': {
      const name = change(meta.display_name);
      if (name)
        return `${actor} changed ${targets} display name from “${String(name.from)}” to “${String(name.to)}”.`;
      const to = text(meta.display_name);
      return to === null
        ? `${actor} changed ${targets} profile.`
        : `${actor} changed ${targets} display name to “${to}”.`;
    }
    case 'user.suspend':
    case 'user.reactivate':
      return `${actor} changed ${targets} status from ${status(statusChange.from)} to ${status(statusChange.to)}.`;
    case 'workspace.activate':
    case 'workspace.archive':
    case 'workspace.suspend':
      return `${actor} changed the status of ${workspace} from ${status(statusChange.from)} to ${status(statusChange.to)}.`;
    case 'workspace.create':
      return `${actor} created the ${text(meta.type) ?? ''} workspace “${text(meta.name) ?? workspace}”.`;
    case 'workspace.rename':
      return `${actor} renamed a workspace from “${String(meta.from)}” to “${String(meta.to)}”.`;
    case 'workspace.switch':
      return `${actor} switched to ${workspaceName(text(meta.to_workspace_id) ?? entry.workspace_id)}.`;
  }
  // A row of an action this list no longer holds.
  return `${actor}: ${String(entry.action)}.`;
}

/** `github (main)`: a connection's provider and account as its audit metadata names them. */
function account(meta: Record<string, unknown>): string {
  const ref = text(meta.provider_account_ref);
  return `${text(meta.provider_key) ?? 'a provider'}${ref ? ` (${ref})` : ''}`;
}

/** A credential policy's fields as `credentials.policy_update` names the changed ones. */
const POLICY_FIELDS = [
  ['resolution_order', 'resolution order'],
  ['allow_parent_fallback', 'parent fallback'],
  ['fallback_when_invalid', 'fallback when invalid'],
  ['allowed_scopes', 'allowed scopes'],
] as const;

/** The person acted on by name, else a short id. */
function whom(person: AuditLogPerson | null, id: string | null): string {
  if (person) return personName(person);
  return id === null ? 'someone' : `user ${id.slice(0, 8)}`;
}

/** What a `membership.update` changed, as a verb phrase. */
function membershipChanges(meta: Record<string, unknown>, targets: string): string {
  const parts: string[] = [];
  const role = change(meta.role_template);
  if (role && role.from !== role.to) {
    parts.push(
      `changed ${targets} role from ${roleLabel(String(role.from))} to ${roleLabel(String(role.to))}`,
    );
  }
  const active = change(meta.active);
  if (active && active.from !== active.to) {
    parts.push(`${active.to ? 'reactivated' : 'deactivated'} ${targets} membership`);
  }
  if (meta.permission_overrides !== undefined)
    parts.push(`changed ${targets} permission overrides`);
  return parts.length === 0 ? `updated ${targets} membership` : parts.join(' and ');
}
