import type { Db } from '@aiconnected/db';
import type { IntegrationConnectionState } from '@aiconnected/sdk-contracts';
import { REVOKE_PENDING } from '../connections/disconnect-integration';
import type { IntegrationsDeps } from '../connections/integrations-deps';
import { refreshConnectionStatus } from '../connections/refresh-connection-status';
import { ProviderUnavailableError } from '../providers/provider';

/** What one refresh tick did. */
export interface RefreshTick {
  /** Live connections asked about. */
  checked: number;
  /** Of those, how many changed state. */
  changed: number;
  /** Of those, how many the backend could not answer for (retried next tick after `staleMs`). */
  unavailable: number;
  /** Backend accounts of revoked connections removed now (revoke_pending cleared). */
  revoked: number;
}

export interface RefreshOptions {
  /** Connections last checked longer ago than this are due (default 5 min). */
  staleMs?: number;
  /** At most this many connections per tick (default 200). */
  limit?: number;
}

/**
 * One tick of the status refresh job (design 13 §3): claims up to `limit` `initiated`/`active`
 * connections not checked for `staleMs` (`FOR UPDATE SKIP LOCKED`, their `status_checked_at`
 * set at once, so another worker's tick takes others), refreshes each
 * (`refreshConnectionStatus`: state changes audited, credentials lapsing within 10 min
 * re-sealed, lapsed links expired), then retries the backend removal of revoked connections
 * marked `revoke_pending`. One connection's failure never stops the others.
 */
export async function refreshDueConnections(
  db: Db,
  deps: IntegrationsDeps,
  options: RefreshOptions = {},
): Promise<RefreshTick> {
  const tick: RefreshTick = { checked: 0, changed: 0, unavailable: 0, revoked: 0 };
  const correlationId = `integrations-refresh-${Date.now()}`;
  const { rows: due } = await db.withService('claim integration connections to refresh', (tx) =>
    tx.query<{ id: string; status: IntegrationConnectionState }>(
      `update public.integration_connections c set status_checked_at = now()
        where c.id in (
          select id from public.integration_connections
           where status in ('initiated', 'active')
             and (status_checked_at is null
                  or status_checked_at < now() - make_interval(secs => $1::double precision / 1000))
           order by status_checked_at nulls first
           limit $2
           for update skip locked)
        returning c.id, c.status`,
      [options.staleMs ?? 5 * 60_000, options.limit ?? 200],
    ),
  );
  for (const row of due) {
    tick.checked += 1;
    try {
      const after = await refreshConnectionStatus(db, deps, row.id, { via: 'job', correlationId });
      if (after !== row.status) tick.changed += 1;
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError)) {
        deps.logger.error({ connection_id: row.id, err: error }, 'integrations.refresh_failed');
        continue;
      }
      tick.unavailable += 1;
      deps.logger.warn(
        { connection_id: row.id, reason: error.reason, err_message: error.message },
        'integrations.refresh_provider_unavailable',
      );
    }
  }
  const { rows: pending } = await db.withService('read pending backend revocations', (tx) =>
    tx.query<{ id: string; backend: 'composio'; provider_connection_id: string }>(
      `select id, backend, provider_connection_id from public.integration_connections
        where status = 'revoked' and last_error = $1 and provider_connection_id is not null
        order by updated_at limit 50`,
      [REVOKE_PENDING],
    ),
  );
  for (const row of pending) {
    try {
      await deps.providers.providerFor(row.backend).revoke(row.provider_connection_id);
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError)) throw error;
      deps.logger.warn(
        { connection_id: row.id, reason: error.reason },
        'integrations.revoke_still_pending',
      );
      break;
    }
    await db.withService('clear a revoke mark', (tx) =>
      tx.query(
        `update public.integration_connections set last_error = null
          where id = $1 and status = 'revoked' and last_error = $2`,
        [row.id, REVOKE_PENDING],
      ),
    );
    tick.revoked += 1;
  }
  return tick;
}
