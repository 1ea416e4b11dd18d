import {
  loadActorView,
  requireWorkspaceCapability,
  type ActorWorkspaceAccess,
} from '@aiconnected/access';
import type { Tx } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';

/**
 * The actor's access to `workspaceId` when it may manage its integrations: it can see the
 * workspace (`WORKSPACE_FORBIDDEN` otherwise: another tenant, or no such workspace) and holds
 * `integrations.manage` there (`PERMISSION_DENIED`).
 */
export async function requireIntegrationsManager(
  tx: Tx,
  actor: WorkspaceContext,
  workspaceId: string,
  what: string,
): Promise<ActorWorkspaceAccess> {
  const view = await loadActorView(tx, actor);
  return requireWorkspaceCapability(view, workspaceId, 'integrations.manage', what);
}
