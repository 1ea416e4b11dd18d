import type { ModuleRegistryEntry, ModuleRegistryStatus } from '@aiconnected/sdk-contracts';

/** One module of the registry table, summed over its versions. */
export interface RegistryModuleRow {
  module_key: string;
  /** The current version's name, else the newest version's. */
  name: string;
  /** The current registered version; null while the module has only drafts or rejections. */
  current_version: string | null;
  versions: number;
  /** How many versions are in each status (only the statuses present). */
  statuses: Partial<Record<ModuleRegistryStatus, number>>;
  /** Whether the current (else newest) version is paid. */
  paid: boolean;
  /** The latest of the versions' created, registered and reviewed instants. */
  updated_at: string;
}

const latest = (a: string, b: string | null) =>
  b !== null && Date.parse(b) > Date.parse(a) ? b : a;

/**
 * The registry's versions (`GET /modules/registry` items, by module key then newest first)
 * as one row per module, in key order.
 */
export function groupRegistryEntries(entries: readonly ModuleRegistryEntry[]): RegistryModuleRow[] {
  const byKey = new Map<string, [ModuleRegistryEntry, ...ModuleRegistryEntry[]]>();
  for (const entry of entries) {
    const versions = byKey.get(entry.module_key);
    if (versions) versions.push(entry);
    else byKey.set(entry.module_key, [entry]);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([moduleKey, versions]) => {
      const current = versions.find((version) => version.is_current);
      const shown = current ?? versions[0];
      const statuses: RegistryModuleRow['statuses'] = {};
      let updated = shown.created_at;
      for (const version of versions) {
        statuses[version.status] = (statuses[version.status] ?? 0) + 1;
        updated = latest(
          latest(latest(updated, version.created_at), version.registered_at),
          version.reviewed_at,
        );
      }
      return {
        module_key: moduleKey,
        name: shown.name,
        current_version: current?.version ?? null,
        versions: versions.length,
        statuses,
        paid: shown.paid,
        updated_at: updated,
      };
    });
}
