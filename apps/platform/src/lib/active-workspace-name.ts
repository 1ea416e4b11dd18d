import 'server-only';
import { ApiError } from './api-error';
import type { SessionView } from '@aiconnected/sdk-contracts';
import { loadWorkspace } from './active-workspace';

/**
 * The name of the workspace the session acts in: the impersonation target's, else the
 * membership option's, else read from the API (a super acting in a workspace it is not a
 * member of). A workspace the API will not describe is shown as "Workspace".
 */
export async function activeWorkspaceName(
  session: SessionView,
  workspaceId: string,
): Promise<string> {
  if (session.impersonation.active && session.impersonation.target_workspace?.name) {
    return session.impersonation.target_workspace.name;
  }
  const option = session.workspace_options.find((candidate) => candidate.id === workspaceId);
  if (option) return option.name;
  try {
    return (await loadWorkspace(workspaceId)).name;
  } catch (error) {
    if (error instanceof ApiError) return 'Workspace';
    throw error;
  }
}
