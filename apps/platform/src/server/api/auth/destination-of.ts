import type { Db } from '@aiconnected/db';
import { destinationFor, type Destination } from '@aiconnected/permissions';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { describeWorkspaces } from '@aiconnected/identity';

/**
 * Where the UI goes after a context change (switch, impersonation start or stop): the
 * dashboard of the new active workspace's type, or the selector when there is none.
 */
export async function destinationOf(
  db: Db,
  context: WorkspaceContext | null,
): Promise<Destination> {
  if (!context) return destinationFor(null);
  const workspaces = await db.withService('auth: type of the active workspace', (tx) =>
    describeWorkspaces(tx, [context.workspace_id]),
  );
  return destinationFor(workspaces.get(context.workspace_id)?.type ?? null);
}
