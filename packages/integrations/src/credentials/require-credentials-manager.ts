import type { Tx } from '@aiconnected/db';
import {
  loadActorView,
  requireWorkspaceCapability,
  type ActorView,
  type ActorWorkspaceAccess,
} from '@aiconnected/access';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';

/** The capability every credentials endpoint needs (PRD §28). */
export const CREDENTIALS_CAPABILITY = 'credentials.inheritance.manage';

/**
 * The actor's view and its access to `workspaceId` when it may manage credentials there: it
 * can see the workspace (`WORKSPACE_FORBIDDEN` otherwise: another tenant, or no such
 * workspace) and holds `credentials.inheritance.manage` there (`PERMISSION_DENIED`).
 */
export async function requireCredentialsManager(
  tx: Tx,
  actor: WorkspaceContext,
  workspaceId: string,
  what: string,
): Promise<{ view: ActorView; access: ActorWorkspaceAccess }> {
  const view = await loadActorView(tx, actor);
  const access = await requireWorkspaceCapability(view, workspaceId, CREDENTIALS_CAPABILITY, what);
  return { view, access };
}
