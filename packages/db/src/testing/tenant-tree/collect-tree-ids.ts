import type { SeededTenantTree } from './seed-tenant-tree';

/** The ids of a seeded tree, by workspace key and user key. */
export interface TreeIds<K extends string = string, U extends string = string> {
  workspaceIds: Record<K, string>;
  userIds: Record<U, string>;
}

/** The plain id maps of a seeded tree, for tests that address rows by id only. */
export function collectTreeIds<K extends string, U extends string>(
  tree: SeededTenantTree<K, U>,
): TreeIds<K, U> {
  const ids = <T extends string>(record: Record<T, { id: string }>) =>
    Object.fromEntries(
      Object.entries<{ id: string }>(record).map(([key, row]) => [key, row.id]),
    ) as Record<T, string>;
  return { workspaceIds: ids(tree.workspaces), userIds: ids(tree.users) };
}
