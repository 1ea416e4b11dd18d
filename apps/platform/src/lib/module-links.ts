import 'server-only';
import type { ModuleNavigationList } from '@aiconnected/sdk-contracts';
import { getRuntime } from '@/server/runtime';
import { moduleNavigationOf, type ModuleNavLink } from './module-navigation';
import { apiFetch } from './server-api';

/**
 * The enabled modules' sidebar links of the active workspace, for the app layout: one
 * in-process `GET /api/modules/navigation` (answered from the process's module snapshot cache,
 * docs/modules.md). The shell never depends on it: if the call fails (any error), the layout
 * renders without module links and the failure is logged.
 */
export async function loadModuleLinks(workspaceId: string): Promise<ModuleNavLink[]> {
  try {
    const { items } = await apiFetch<ModuleNavigationList>(
      `/modules/navigation?workspace_id=${encodeURIComponent(workspaceId)}`,
    );
    return moduleNavigationOf(items);
  } catch (error) {
    getRuntime().deps.logger.warn({ err: error }, 'module links unavailable: sidebar without them');
    return [];
  }
}
