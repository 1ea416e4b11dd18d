import type { ModuleInstallationState, ModuleNavigationEntry } from '@aiconnected/sdk-contracts';

/** A sidebar link to an enabled module's admin page (the "Modules" group). */
export interface ModuleNavLink {
  /** `/w/{workspace_id}/m/{module_key}{page path}`. */
  href: string;
  label: string;
  /** A lucide icon name (components/shell/nav-icon.tsx), or null for the fallback. */
  icon: string | null;
}

/** Entries without an `order` come after those with one. */
const UNORDERED = Number.MAX_SAFE_INTEGER;

/** A module with its resolved entries: `GET /modules/navigation`'s items (all enabled) or `/available`'s. */
export interface ModuleNavigationSource {
  /** Absent: enabled (`GET /modules/navigation` lists enabled modules only). */
  state?: ModuleInstallationState | 'not_installed';
  navigation: readonly ModuleNavigationEntry[];
}

/**
 * The "Modules" group of the sidebar from `GET /modules/navigation`'s items (or
 * `GET /modules/available`'s): the navigation entries the API resolved for the enabled modules
 * and the visitor's role, ordered by `order` then label (then path, so equal entries keep one
 * order). Entries of a module not enabled are ignored even if present, and a path is listed once.
 */
export function moduleNavigationOf(items: readonly ModuleNavigationSource[]): ModuleNavLink[] {
  const entries = items
    .filter((item) => (item.state ?? 'enabled') === 'enabled')
    .flatMap((item) => item.navigation)
    .sort(
      (a, b) =>
        (a.order ?? UNORDERED) - (b.order ?? UNORDERED) ||
        a.label.localeCompare(b.label) ||
        a.path.localeCompare(b.path),
    );
  const seen = new Set<string>();
  return entries.flatMap((entry) => {
    if (seen.has(entry.path)) return [];
    seen.add(entry.path);
    return [{ href: entry.path, label: entry.label, icon: entry.icon }];
  });
}
