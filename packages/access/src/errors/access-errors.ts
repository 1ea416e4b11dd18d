import type { Capability } from '@aiconnected/permissions';
import { ShellError } from '@aiconnected/sdk-contracts';

/** `WORKSPACE_FORBIDDEN` for a workspace the actor cannot see (or that does not exist). */
export function workspaceForbidden(workspaceId: string): ShellError {
  return new ShellError(
    'WORKSPACE_FORBIDDEN',
    `workspace ${workspaceId} is not visible to the actor`,
    {
      details: { workspace_id: workspaceId },
    },
  );
}

/** `PERMISSION_DENIED` naming the capability the action needs. */
export function permissionDenied(capability: Capability, what: string): ShellError {
  return new ShellError('PERMISSION_DENIED', `${what} needs ${capability}`, {
    details: { required_permission: capability },
  });
}
