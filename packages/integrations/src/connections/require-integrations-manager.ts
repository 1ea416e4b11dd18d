import {
  loadActorView,
  loadGoverningMemberships,
  requireWorkspaceCapability,
  type ActorWorkspaceAccess,
} from '@aiconnected/access';
import type { Tx } from '@aiconnected/db';
import { effectiveCapabilities } from '@aiconnected/permissions';
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

/**
 * Whether `userId`'s memberships (as they are now) still grant `integrations.manage` in
 * `workspaceId`: for the OAuth callback, which has a session but no workspace context, to
 * re-check the user who started the connect (membership removed or demoted meanwhile). `tx`
 * reads memberships past RLS: call it inside a service transaction.
 */
export async function stillManagesIntegrations(
  tx: Tx,
  userId: string,
  workspaceId: string,
): Promise<boolean> {
  const governing = await loadGoverningMemberships(tx, { userId, workspaceId });
  if (governing === null) return false;
  const granted = effectiveCapabilities(governing.memberships)?.capabilities ?? [];
  return granted.includes('integrations.manage');
}
