import { recordAudit } from '@aiconnected/access';
import { asServiceRole, type Db } from '@aiconnected/db';
import {
  ShellError,
  type DisconnectRequest,
  type DisconnectResponse,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { ProviderUnavailableError } from '../providers/provider';
import { CONNECTION_COLUMNS, toIntegrationConnection, type ConnectionRow } from './connection-row';
import { transitionConnection } from './connection-transitions';
import type { IntegrationsDeps } from './integrations-deps';
import { requireIntegrationsManager } from './require-integrations-manager';

/** `last_error` of a revoked connection whose backend account is still to be removed. */
export const REVOKE_PENDING = 'revoke_pending';

/**
 * Disconnects a connection of `request.workspace_id` (`integrations.manage` there; a
 * connection not of that workspace is `NOT_FOUND`): in one transaction it becomes `revoked`,
 * its sealed credential is dropped and the change audited (`integration.disconnect`), marked
 * `revoke_pending`; then the backend account is removed (an unknown one counts as removed) and
 * the mark cleared. The backend unreachable: the mark stays and the refresh job retries. A
 * connection already revoked is answered as it is.
 */
export async function disconnectIntegration(
  db: Db,
  deps: IntegrationsDeps,
  actor: WorkspaceContext,
  request: DisconnectRequest,
  correlationId: string,
): Promise<DisconnectResponse> {
  const revoked = await db.withWorkspace(actor, async (tx) => {
    await requireIntegrationsManager(tx, actor, request.workspace_id, 'disconnect an integration');
    const { rows } = await tx.query<ConnectionRow & { provider_connection_id: string | null }>(
      `select ${CONNECTION_COLUMNS}, c.provider_connection_id
         from public.integration_connections c
        where c.id = $1 and c.workspace_id = $2
        for update`,
      [request.connection_id, request.workspace_id],
    );
    const row = rows[0];
    if (row === undefined) {
      throw new ShellError('NOT_FOUND', 'no such integration connection in the workspace', {
        details: { connection_id: request.connection_id },
      });
    }
    if (row.backend !== 'composio') {
      throw new ShellError('INTEGRATION_SCOPE_FORBIDDEN', 'connection of another backend', {
        details: { backend: row.backend },
      });
    }
    if (row.status === 'revoked') return { row, accountId: null };
    transitionConnection(row.status, 'revoked');
    const updated = await asServiceRole(tx, 'revoke an integration connection', () =>
      tx.query<ConnectionRow>(
        `update public.integration_connections c
            set status = 'revoked', sealed_secret = null, credential_expires_at = null,
                revoked_at = now(), revoked_by_user_id = $2,
                last_error = case when c.provider_connection_id is null then null else $3 end
          where c.id = $1
          returning ${CONNECTION_COLUMNS}`,
        [row.id, actor.user_id, REVOKE_PENDING],
      ),
    );
    await recordAudit(tx, actor, {
      workspaceId: request.workspace_id,
      action: 'integration.disconnect',
      targetType: 'integration_connection',
      targetId: row.id,
      metadata: {
        provider_key: row.provider_key,
        provider_account_ref: row.provider_account_ref,
        backend: row.backend,
        status: { from: row.status, to: 'revoked' },
      },
      correlationId,
    });
    return { row: updated.rows[0] ?? row, accountId: row.provider_connection_id };
  });

  let { row } = revoked;
  if (revoked.accountId !== null) {
    try {
      await deps.providers.providerFor(row.backend).revoke(revoked.accountId);
      const { rows } = await db.withService('clear a revoke mark', (tx) =>
        tx.query<ConnectionRow>(
          `update public.integration_connections c set last_error = null
            where c.id = $1 and c.status = 'revoked' and c.last_error = $2
            returning ${CONNECTION_COLUMNS}`,
          [row.id, REVOKE_PENDING],
        ),
      );
      row = rows[0] ?? row;
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError)) throw error;
      deps.logger.warn(
        { connection_id: row.id, reason: error.reason, err_message: error.message },
        'integrations.revoke_pending',
      );
    }
  }
  return { connection_state: 'revoked', connection: toIntegrationConnection(row) };
}
