import type { Db } from '@aiconnected/db';
import { loadActorView, requireWorkspaceAccess } from '@aiconnected/access';
import type { LoginScreen, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { readLoginScreenChain } from './read-login-screen-chain';
import { toLoginScreen } from './to-login-screen';

export interface GetLoginScreenInput {
  actor: WorkspaceContext;
  workspaceId: string;
}

/**
 * A workspace's login screen (`GET /branding/login-screen`): effective branding resolved
 * super -> agency -> business with the source of every field, its own profile and version, and
 * the agency policy. Any member of a workspace the actor can see may read it (its sign-in page
 * shows it to anyone); any other id, existing or not, is `WORKSPACE_FORBIDDEN`.
 */
export async function getLoginScreen(db: Db, input: GetLoginScreenInput): Promise<LoginScreen> {
  const { actor } = input;
  return db.withWorkspace(actor, async (tx) => {
    const access = await requireWorkspaceAccess(await loadActorView(tx, actor), input.workspaceId);
    return toLoginScreen(tx, await readLoginScreenChain(tx, input.workspaceId), access);
  });
}
