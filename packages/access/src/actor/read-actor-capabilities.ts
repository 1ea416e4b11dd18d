import type { Capability } from '@aiconnected/permissions';
import type { ActorView } from './load-actor-view';

/**
 * The actor's effective capabilities in each of `workspaceIds` it governs (can see); the ones
 * it does not govern are absent. The input of the user-management rules of the permissions
 * package.
 */
export async function readActorCapabilities(
  view: ActorView,
  workspaceIds: Iterable<string>,
): Promise<Map<string, readonly Capability[]>> {
  const capabilities = new Map<string, readonly Capability[]>();
  for (const workspaceId of new Set(workspaceIds)) {
    // One at a time: accessTo switches the role of the transaction.
    const access = await view.accessTo(workspaceId);
    if (access !== null) capabilities.set(workspaceId, access.capabilities);
  }
  return capabilities;
}
