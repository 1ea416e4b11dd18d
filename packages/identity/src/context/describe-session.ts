import type { Db } from '@aiconnected/db';
import { destinationFor } from '@aiconnected/permissions';
import type {
  SessionImpersonation,
  SessionView,
  WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import type { SessionRecord } from '../sessions/session-record';
import { describeWorkspaces, type WorkspaceSummary } from './describe-workspaces';
import { listWorkspaceOptions } from './list-workspace-options';

export interface DescribeSessionInput {
  session: SessionRecord;
  /** The context the guard resolved for it; null before a workspace is chosen. */
  context: WorkspaceContext | null;
}

/**
 * Everything the UI shell needs to render for a session (`GET /auth/session`): the user, the
 * session, its resolved context, the workspaces to pick from, the role-aware destination and
 * the impersonation with both workspaces named. One service transaction: the options and the
 * names of the workspaces the session already refers to (nothing its owner could not see).
 */
export async function describeSession(db: Db, input: DescribeSessionInput): Promise<SessionView> {
  const { session, context } = input;
  const { options, workspaces } = await db.withService(
    'auth: describe the current session',
    async (tx) => ({
      options: await listWorkspaceOptions(tx, session.userId),
      workspaces: await describeWorkspaces(tx, [
        context?.workspace_id ?? null,
        session.impersonation?.actorWorkspaceId ?? null,
        session.impersonation?.targetWorkspaceId ?? null,
      ]),
    }),
  );
  const active = context ? workspaces.get(context.workspace_id) : undefined;
  return {
    user: {
      id: session.user.id,
      email: session.user.email,
      display_name: session.user.displayName,
    },
    session: { id: session.id, expires_at: session.expiresAt.toISOString() },
    context,
    workspace_options: options,
    destination: destinationFor(active?.type ?? null),
    impersonation: viewImpersonation(session, workspaces),
  };
}

/** The session's impersonation for the UI banner: both identities, with workspace names. */
function viewImpersonation(
  session: SessionRecord,
  workspaces: ReadonlyMap<string, WorkspaceSummary>,
): SessionImpersonation {
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
