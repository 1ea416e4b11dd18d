import type { WorkspaceType } from '@aiconnected/permissions';
import type { AuditAction, ErrorEnvelope, WorkspaceContext } from '@aiconnected/sdk-contracts';

// The response bodies the screens read, as the API's OpenAPI document declares them
// (apps/platform/src/server/api). Only the fields the screens use are spelled out.

/** The `error` member of the error envelope every failed API call answers with. */
export type ApiErrorBody = ErrorEnvelope['error'];

/** Where the UI goes for a session: the active workspace's dashboard, or the selector. */
export type Destination = '/super' | '/agency' | '/business' | '/select-workspace';

/** A workspace the user is an active member of (`workspace_options`). */
export interface WorkspaceOption {
  id: string;
  name: string;
  type: WorkspaceType;
  role_template: string;
}

/** `GET /api/auth/session`. */
export interface SessionView {
  user: { id: string; email: string; display_name: string | null };
  session: { id: string; expires_at: string };
  context: WorkspaceContext | null;
  workspace_options: WorkspaceOption[];
  destination: Destination;
  impersonation: {
    active: boolean;
    actor_user_id: string | null;
    actor_workspace: { id: string; name: string } | null;
    target_workspace: { id: string; name: string } | null;
  };
}

/** `POST /api/auth/sign-in`. */
export interface SignInResult {
  session: { access_token: string; expires_at: string; user_id: string };
  workspace_options: WorkspaceOption[];
  default_workspace_id: string | null;
}

/** `POST /api/workspaces/switch` and `POST /api/auth/impersonation/start|stop`. */
export interface ContextChangeResult {
  destination: Destination;
}

/** A tenant workspace (`GET /api/workspaces`, `GET /api/workspaces/{id}`). */
export interface Workspace {
  id: string;
  type: WorkspaceType;
  parent_workspace_id: string | null;
  name: string;
  slug: string | null;
  status: 'active' | 'suspended' | 'archived';
  created_at: string;
  updated_at: string;
}

/** A member of a workspace with their membership there (`GET /api/users?workspace_id=`). */
export interface WorkspaceUser {
  id: string;
  email: string;
  display_name: string | null;
  status: 'active' | 'invited' | 'suspended';
  membership_id: string;
  role_template: string;
  active: boolean;
  created_at: string;
  /** What the signed-in user may do to this user, by the API's own rule (scope and rank). */
  allowed_actions: UserAction[];
}

/** `GET /api/users?workspace_id=`: the members and the roles the visitor may grant there. */
export interface WorkspaceUsers {
  items: WorkspaceUser[];
  assignable_roles: string[];
}

/** An emailed link, checked before its form is shown (`POST /api/auth/links/inspect`). */
export interface LinkDescription {
  purpose: 'invitation' | 'password_reset';
  email: string;
  display_name: string | null;
  workspace_name: string | null;
  has_password: boolean;
  expires_at: string;
}

/** An invitation not yet accepted (`GET /api/invitations`). */
export interface PendingInvitation {
  id: string;
  workspace_id: string;
  email: string;
  role_template: string;
  created_at: string;
  expires_at: string;
  expired: boolean;
  /** Whether the signed-in user may resend or revoke it. */
  can_manage: boolean;
}

/** An action on another user's account that a row menu can offer. */
export type UserAction =
  | 'edit_profile'
  | 'change_email'
  | 'send_reset_link'
  | 'suspend'
  | 'reactivate'
  | 'manage_membership';

/** One of the signed-in user's live sessions (`GET /api/auth/sessions`). */
export interface SessionSummary {
  id: string;
  current: boolean;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
  ip: string | null;
  active_workspace_id: string | null;
  impersonating: boolean;
}

/** One audit log row (`GET /api/audit-logs`). */
export interface AuditLogEntry {
  id: string;
  workspace_id: string;
  actor_user_id: string | null;
  impersonator_user_id: string | null;
  action: AuditAction;
  target_type: string;
  target_id: string | null;
  metadata_json: Record<string, unknown>;
  correlation_id: string | null;
  created_at: string;
  /** The people the entry names, resolved by the API (null: system, not impersonating, not a user). */
  actor: AuditLogPerson | null;
  impersonator: AuditLogPerson | null;
  target_user: AuditLogPerson | null;
}

/** A user an audit log entry names. */
export interface AuditLogPerson {
  id: string;
  email: string;
  display_name: string | null;
}

/** A page of the audit log. */
export interface AuditLogPage {
  items: AuditLogEntry[];
  next_cursor: string | null;
}

/** `{ items: [...] }` lists. */
export interface ItemList<T> {
  items: T[];
}
