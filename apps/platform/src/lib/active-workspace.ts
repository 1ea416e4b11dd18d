import 'server-only';
import { cache } from 'react';
import type { Workspace, WorkspaceResult } from '@aiconnected/sdk-contracts';
import { apiFetch } from './server-api';

/** The workspace the session acts in (`GET /api/workspaces/{id}`), once per request. */
export const loadWorkspace = cache(async (workspaceId: string): Promise<Workspace> => {
  const { workspace } = await apiFetch<WorkspaceResult>(
    `/workspaces/${encodeURIComponent(workspaceId)}`,
  );
  return workspace;
});
