import type { Db } from '@aiconnected/db';
import type {
  ConnectionList,
  ConnectionListQuery,
  WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { CONNECTION_COLUMNS, toIntegrationConnection, type ConnectionRow } from './connection-row';
import { requireIntegrationsManager } from './require-integrations-manager';

/**
 * The connections of `query.workspace_id` (`integrations.manage` there), optionally of one
 * provider or state, newest first. A workspace holds a handful: no paging.
 */
export async function listConnections(
  db: Db,
  actor: WorkspaceContext,
  query: ConnectionListQuery,
): Promise<ConnectionList> {
  return db.withWorkspace(actor, async (tx) => {
    await requireIntegrationsManager(tx, actor, query.workspace_id, 'list integration connections');
    const { rows } = await tx.query<ConnectionRow>(
      `select ${CONNECTION_COLUMNS} from public.integration_connections c
        where c.workspace_id = $1
          and ($2::text is null or c.provider_key = $2)
          and ($3::text is null or c.status = $3)
        order by c.created_at desc, c.id
        limit 500`,
      [query.workspace_id, query.provider_key ?? null, query.status ?? null],
    );
    return { items: rows.map(toIntegrationConnection) };
  });
}
