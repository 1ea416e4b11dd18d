import 'server-only';
import type {
  ModuleAvailabilityList,
  ModuleHealth,
  ModuleRegistryEntry,
  ModuleRegistryList,
  ModuleRegistryModule,
} from '@aiconnected/sdk-contracts';
import { ApiError } from './api-error';
import { apiFetch } from './server-api';

/** Every version in the registry (`GET /modules/registry`), page after page. */
export async function readModuleRegistry(): Promise<ModuleRegistryEntry[]> {
  const entries: ModuleRegistryEntry[] = [];
  let cursor: string | null = null;
  // The registry holds tens of modules, not thousands; the bound only stops a runaway loop.
  do {
    const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: ModuleRegistryList = await apiFetch(`/modules/registry?limit=200${query}`);
    entries.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor !== null && entries.length < 10_000);
  return entries;
}

const NOT_IN_REGISTRY = new Set(['MODULE_NOT_REGISTERED', 'NOT_FOUND', 'VALIDATION_BLOCKING']);

/** One module with all its versions (`GET /modules/registry/{key}`), or null when unknown. */
export async function readRegistryModule(key: string): Promise<ModuleRegistryModule | null> {
  try {
    return await apiFetch<ModuleRegistryModule>(`/modules/registry/${encodeURIComponent(key)}`);
  } catch (error) {
    if (error instanceof ApiError && NOT_IN_REGISTRY.has(error.code)) return null;
    throw error;
  }
}

/**
 * A module's last target health check as the workspace sees it (`GET /modules/available`: the
 * installed version's, else the current one's), or null when it is not known or not readable.
 */
export async function readModuleHealth(
  workspaceId: string,
  key: string,
): Promise<{ version: string; health: ModuleHealth } | null> {
  try {
    const list = await apiFetch<ModuleAvailabilityList>(
      `/modules/available?workspace_id=${encodeURIComponent(workspaceId)}`,
    );
    const item = list.items.find((candidate) => candidate.module_key === key);
    return item ? { version: item.version ?? item.current_version, health: item.health } : null;
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}
