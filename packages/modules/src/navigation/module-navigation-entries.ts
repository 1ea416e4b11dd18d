import type { GoverningMembership } from '@aiconnected/permissions';
import type { ModuleManifest, ModuleNavigationEntry } from '@aiconnected/sdk-contracts';
import { modulePagePath } from './module-page-path';
import { satisfiesMinimumRole } from '../installations/satisfies-minimum-role';
import type { SnapshotManifest } from './module-snapshot';

/** The admin navigation of an enabled module the caller's role may open, in display order. */
export function moduleNavigationEntries(
  manifest: Pick<ModuleManifest, 'id' | 'admin'> | SnapshotManifest,
  workspaceId: string,
  memberships: readonly GoverningMembership[],
): ModuleNavigationEntry[] {
  const { pages, navigation } = manifest.admin;
  return navigation
    .filter((item) => {
      const page = pages.find((candidate) => candidate.path === item.path);
      return satisfiesMinimumRole(memberships, page?.minimumRole ?? 'member');
    })
    .map((item) => ({
      label: item.label,
      path: modulePagePath(workspaceId, manifest.id, item.path),
      icon: item.icon ?? null,
      order: item.order ?? null,
    }))
    .sort(
      (a, b) =>
        (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) ||
        a.label.localeCompare(b.label),
    );
}
