import type { SessionRecord } from '@aiconnected/identity';
import type { WorkspaceSummary } from '@aiconnected/identity';

/** The impersonation block of `GET /auth/session`: both identities, with workspace names. */
export interface SessionImpersonationView {
  active: boolean;
  actor_user_id: string | null;
  actor_workspace: { id: string; name: string } | null;
  target_workspace: { id: string; name: string } | null;
}

/** Shapes the session's impersonation for the UI banner, naming both workspaces. */
export function viewSessionImpersonation(
  session: SessionRecord,
  workspaces: ReadonlyMap<string, WorkspaceSummary>,
): SessionImpersonationView {
  const { impersonation } = session;
  if (!impersonation) {
    return { active: false, actor_user_id: null, actor_workspace: null, target_workspace: null };
  }
  const named = (id: string) => ({ id, name: workspaces.get(id)?.name ?? '' });
  return {
    active: true,
    actor_user_id: session.userId,
    actor_workspace: named(impersonation.actorWorkspaceId),
    target_workspace: named(impersonation.targetWorkspaceId),
  };
}
