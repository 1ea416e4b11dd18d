import { randomUUID } from 'node:crypto';
import type { TenantTree, TenantUserKey, TenantWorkspaceKey } from '@aiconnected/db/testing';
import { ROLE_CAPABILITIES, type RoleTemplate } from '@aiconnected/permissions';
import { NOT_IMPERSONATING, ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';

/** The acting context of a tree user in one workspace, claiming its role's capabilities. */
export function actorOf(
  tree: TenantTree,
  user: TenantUserKey,
  workspace: TenantWorkspaceKey,
  role: RoleTemplate,
): WorkspaceContext {
  return {
    user_id: tree.users[user].id,
    session_id: randomUUID(),
    workspace_id: tree.workspaces[workspace].id,
    role_template: role,
    permissions: [...ROLE_CAPABILITIES[role]],
    impersonation: NOT_IMPERSONATING,
  };
}

/** The code and details a call failed with (`'ok'` when it did not); other errors rethrown. */
export async function failure(
  call: Promise<unknown>,
): Promise<'ok' | { code: string; details: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ShellError) return { code: error.code, details: error.details };
    throw error;
  }
  return 'ok';
}
