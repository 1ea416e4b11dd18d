import type { Db } from '@aiconnected/db';
import type { SignInResult as SignInAnswer } from '@aiconnected/sdk-contracts';
import { listWorkspaceOptions } from '../context/list-workspace-options';
import type { SessionRecord } from '../sessions/session-record';

/** A session just started, with its token (shown once). */
export interface StartedSession {
  session: SessionRecord;
  token: string;
}

/**
 * The answer to a sign-in (PRD §20.3, also after accepting an invitation): the session and its
 * token, the workspaces the user can pick, and the one the session started in (null: pick one).
 */
export async function describeStartedSession(
  db: Db,
  { session, token }: StartedSession,
): Promise<SignInAnswer> {
  const options = await db.withService('auth: workspace options of a new session', (tx) =>
    listWorkspaceOptions(tx, session.userId),
  );
  return {
    session: {
      access_token: token,
      expires_at: session.expiresAt.toISOString(),
      user_id: session.userId,
    },
    workspace_options: options,
    default_workspace_id: session.activeWorkspaceId,
  };
}
