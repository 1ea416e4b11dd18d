import 'server-only';
import { getRuntime } from '@/server/runtime';
import { loadAvailableModules } from './module-availability';
import { moduleNavigationOf, type ModuleNavLink } from './module-navigation';

/**
 * The enabled modules' sidebar links of the active workspace, for the app layout: one
 * in-process API call. The shell never depends on it: if the call fails (any error), the
 * layout renders without module links and the failure is logged.
 */
export async function loadModuleLinks(workspaceId: string): Promise<ModuleNavLink[]> {
  try {
    const { items } = await loadAvailableModules(workspaceId);
    return moduleNavigationOf(items);
  } catch (error) {
    getRuntime().deps.logger.warn({ err: error }, 'module links unavailable: sidebar without them');
    return [];
  }
}
