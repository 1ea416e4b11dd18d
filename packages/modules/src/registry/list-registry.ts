import {
  decodePageCursor,
  encodePageCursor,
  loadActorView,
  PAGE_LIMIT,
  requirePlatformCapability,
  toPage,
} from '@aiconnected/access';
import type { Db } from '@aiconnected/db';
import type {
  ModuleRegistryList,
  ModuleRegistryStatus,
  WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import {
  REGISTRY_COLUMNS,
  REGISTRY_FROM,
  toRegistryEntry,
  type RegistryRow,
} from './registry-record';

export interface ListRegistryInput {
  /** Only versions with this status (`draft`: the review queue). */
  status?: ModuleRegistryStatus;
  /** Only this module's versions. */
  moduleKey?: string;
  cursor?: string;
  limit?: number;
}

/**
 * A page of registry versions (`GET /modules/registry`), by module key, then oldest first,
 * keyset-paginated on (module_key, created_at, id), each without its manifest. Needs
 * `modules.install` in the platform workspace.
 */
export async function listRegistry(
  db: Db,
  actor: WorkspaceContext,
  input: ListRegistryInput = {},
): Promise<ModuleRegistryList> {
  const limit = input.limit ?? PAGE_LIMIT.default;
  const after =
    input.cursor === undefined
      ? null
      : decodePageCursor('module-registry', input.cursor, ['text', 'timestamp', 'uuid']);
  return db.withWorkspace(actor, async (tx) => {
    requirePlatformCapability(
      await loadActorView(tx, actor),
      'modules.install',
      'listing the registry',
    );
    const { rows } = await tx.query<RegistryRow>(
      `select ${REGISTRY_COLUMNS} from ${REGISTRY_FROM}
        where ($1::text is null or r.status = $1)
          and ($2::text is null or r.module_key = $2)
          and ($3::text is null or (r.module_key, r.created_at, r.id) > ($3, $4::timestamptz, $5::uuid))
        order by r.module_key, r.created_at, r.id
        limit $6`,
      [
        input.status ?? null,
        input.moduleKey ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit + 1,
      ],
    );
    return toPage(rows, limit, toRegistryEntry, (row) =>
      encodePageCursor('module-registry', [row.module_key, row.created_at, row.id]),
    );
  });
}
