import type { UserStatus } from '@aiconnected/sdk-contracts';

/** Who a session acts for while impersonating: the actor's workspace and the target. */
export interface SessionImpersonation {
  /** The workspace the real user acts from (restored when impersonation ends). */
  actorWorkspaceId: string;
  /** The workspace being impersonated; equal to the session's active workspace. */
  targetWorkspaceId: string;
  reason: string;
  startedAt: Date;
}

/** One server-side session with its user, as the guard and the session endpoints see it. */
export interface SessionRecord {
  id: string;
  userId: string;
  /** Null until the user picks a workspace (several options at sign-in, or none). */
  activeWorkspaceId: string | null;
  impersonation: SessionImpersonation | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
  user: { id: string; email: string; displayName: string | null; status: UserStatus };
}

/** The row `SESSION_SELECT` yields. */
export interface SessionRow {
  id: string;
  user_id: string;
  active_workspace_id: string | null;
  impersonation_actor_workspace_id: string | null;
  impersonation_target_workspace_id: string | null;
  impersonation_reason: string | null;
  impersonation_started_at: Date | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  user_agent: string | null;
  ip: string | null;
  email: string;
  display_name: string | null;
  status: UserStatus;
}

/**
 * The select list of a SessionRecord over `s` (a sessions row or a CTE of them) joined to
 * `u` (public.users). Callers write `select ${SESSION_SELECT} from ... s join public.users u
 * on u.id = s.user_id`.
 */
export const SESSION_SELECT = `s.id, s.user_id, s.active_workspace_id,
  s.impersonation_actor_workspace_id, s.impersonation_target_workspace_id,
  s.impersonation_reason, s.impersonation_started_at, s.created_at, s.last_seen_at,
  s.expires_at, s.user_agent, host(s.ip) as ip, u.email, u.display_name, u.status`;

/** Maps a `SESSION_SELECT` row to a SessionRecord. */
export function toSessionRecord(row: SessionRow): SessionRecord {
  const {
    impersonation_actor_workspace_id: actorWorkspaceId,
    impersonation_target_workspace_id: targetWorkspaceId,
    impersonation_reason: reason,
    impersonation_started_at: startedAt,
  } = row;
  // The table's CHECK keeps the four columns all set or all null.
  const impersonation =
    actorWorkspaceId !== null && targetWorkspaceId !== null && reason !== null && startedAt !== null
      ? { actorWorkspaceId, targetWorkspaceId, reason, startedAt }
      : null;
  return {
    id: row.id,
    userId: row.user_id,
    activeWorkspaceId: row.active_workspace_id,
    impersonation,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    userAgent: row.user_agent,
    ip: row.ip,
    user: { id: row.user_id, email: row.email, displayName: row.display_name, status: row.status },
  };
}
