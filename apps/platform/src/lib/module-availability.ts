import 'server-only';
import { cache } from 'react';
import type { ModuleAvailabilityList } from '@aiconnected/sdk-contracts';
import { apiFetch } from './server-api';

/**
 * `GET /api/modules/available` for a workspace, once per request (the modules page; the app
 * layout's links use `GET /api/modules/navigation`): every registered module with its state
 * there, as the visitor may see it.
 */
export const loadAvailableModules = cache(
  async (workspaceId: string): Promise<ModuleAvailabilityList> =>
    apiFetch<ModuleAvailabilityList>(
      `/modules/available?workspace_id=${encodeURIComponent(workspaceId)}`,
    ),
);
