import { writeAuditLog, type Db, type Tx } from '@aiconnected/db';
import type { IntegrationConnectionState } from '@aiconnected/sdk-contracts';
import type { ProviderCredential, ProviderStatus } from '../providers/provider';
import { sealConnectionSecret } from '../secrets/connection-secrets';
import { CONNECTION_TRANSITIONS } from './connection-transitions';
import type { IntegrationsDeps } from './integrations-deps';
import { stillManagesIntegrations } from './require-integrations-manager';

/** Who asks: the OAuth callback of the signed-in user, or the status refresh job. */
export type RefreshCause =
  | { via: 'callback'; userId: string; correlationId: string }
  | { via: 'job'; correlationId: string };

/** A credential lapsing within this long is fetched again (and re-sealed). */
export const CREDENTIAL_RENEW_MS = 10 * 60_000;
/** An `initiated` connection whose last hosted link is older than this is `expired`. */
export const INITIATED_TIMEOUT_MS = 60 * 60_000;

interface RefreshRow {
  id: string;
  workspace_id: string;
  provider_key: string;
  provider_account_ref: string;
  backend: 'composio';
  status: IntegrationConnectionState;
  provider_connection_id: string | null;
  credential_expires_at: Date | null;
  has_secret: boolean;
  link_lapsed: boolean;
}

const readRow = `select c.id, c.workspace_id, c.provider_key, c.provider_account_ref, c.backend,
         c.status, c.provider_connection_id, c.credential_expires_at,
         c.sealed_secret is not null as has_secret,
         coalesce((select max(s.created_at) from public.integration_oauth_states s
                    where s.connection_id = c.id), '-infinity')
           < now() - make_interval(secs => $2::double precision / 1000) as link_lapsed
    from public.integration_connections c where c.id = $1`;

/** The state the row goes to for what the backend said (null: it stays). */
function targetOf(
  row: RefreshRow,
  said: ProviderStatus,
  cause: RefreshCause,
): IntegrationConnectionState {
  if (said !== 'initiated') return said;
  // The browser came back but the flow did not finish: that attempt failed.
  if (cause.via === 'callback') return 'failed';
  return row.link_lapsed ? 'expired' : 'initiated';
}

function lastErrorOf(to: IntegrationConnectionState, said: ProviderStatus | null): string | null {
  if (to === 'active' || to === 'initiated') return null;
  if (said === null || said === 'initiated')
    return to === 'expired' ? 'link_expired' : 'flow_not_completed';
  return `provider_status:${said.toUpperCase()}`;
}

/**
 * Asks the backend for one connection's state and applies it (design 13 §3): active -> the
 * credential fetched and sealed into the row (also when the sealed one lapses within 10 min
 * or has no known expiry),
 * `connected_at` when it becomes active; expired/failed/revoked -> the sealed credential
 * dropped, `last_error` `provider_status:<STATUS>`; an `initiated` row whose link lapsed (1 h)
 * -> expired. The job activating an `initiated` row (nobody came back through the callback)
 * re-checks, as the callback does, that the user of its latest OAuth state still holds
 * `integrations.manage` there: otherwise `failed` (`permission_revoked`). A change follows the state machine (others are left, with a warning) and is
 * audited: `integration.activate` / `integration.fail` for the callback's user,
 * `integration.status_change` (no actor) for the job. Returns the row's state afterwards.
 * The backend failing throws `ProviderUnavailableError` and leaves the row as it was.
 */
export async function refreshConnectionStatus(
  db: Db,
  deps: IntegrationsDeps,
  connectionId: string,
  cause: RefreshCause,
): Promise<IntegrationConnectionState> {
  const read = await db.withService('read an integration connection to refresh', (tx) =>
    tx.query<RefreshRow>(readRow, [connectionId, INITIATED_TIMEOUT_MS]),
  );
  const row = read.rows[0];
  if (row === undefined || row.status === 'revoked') return row?.status ?? 'revoked';
  const accountId = row.provider_connection_id;
  let said: ProviderStatus | null = null;
  let credential: ProviderCredential | null = null;
  if (accountId !== null) {
    const provider = deps.providers.providerFor(row.backend);
    said = (await provider.status(accountId)).status;
    // No known expiry (the backend's state names none): fetched again on every check, so the
    // sealed copy is never older than one refresh interval.
    const lapsing =
      row.credential_expires_at === null ||
      row.credential_expires_at.getTime() < Date.now() + CREDENTIAL_RENEW_MS;
    if (said === 'active' && (row.status !== 'active' || !row.has_secret || lapsing)) {
      credential = await provider.credential(accountId);
    }
  }
  let to =
    said === null
      ? cause.via === 'callback' || row.link_lapsed
        ? targetOf(row, 'initiated', cause)
        : row.status
      : targetOf(row, said, cause);

  return db.withService('apply an integration connection status', async (tx) => {
    const { rows: locked } = await tx.query<{
      status: IntegrationConnectionState;
      provider_connection_id: string | null;
    }>(
      `select status, provider_connection_id from public.integration_connections
        where id = $1 for update`,
      [connectionId],
    );
    const now = locked[0];
    // Disconnected or reconnected meanwhile: what the backend said is about another attempt.
    if (
      now === undefined ||
      now.status !== row.status ||
      now.provider_connection_id !== accountId
    ) {
      return now?.status ?? 'revoked';
    }
    // The job activating a flow nobody came back from: the person who started it (the row's
    // latest state) must still manage integrations there, as the callback checks.
    const revoked =
      cause.via === 'job' &&
      row.status === 'initiated' &&
      to === 'active' &&
      !(await starterStillManages(tx, row));
    if (revoked) to = 'failed';
    const lastError = revoked ? 'permission_revoked' : lastErrorOf(to, said);
    const changed = to !== row.status;
    if (changed && !CONNECTION_TRANSITIONS[row.status].includes(to)) {
      deps.logger.warn(
        { connection_id: row.id, from: row.status, to },
        'integrations.refresh_transition_refused',
      );
      await tx.query(
        'update public.integration_connections set status_checked_at = now() where id = $1',
        [row.id],
      );
      return row.status;
    }
    const sealed =
      credential === null
        ? null
        : JSON.stringify(sealConnectionSecret(deps.secretKeys, row, credential));
    await tx.query(
      `update public.integration_connections
          set status = $2, status_checked_at = now(),
              last_error = case when $2 = status and $2 in ('initiated', 'active') then last_error else $3 end,
              connected_at = case when $2 = 'active' and status <> 'active' then now() else connected_at end,
              sealed_secret = case when $2 = 'active' then coalesce($4::jsonb, sealed_secret) else null end,
              credential_expires_at = case when $2 = 'active'
                then case when $4::jsonb is null then credential_expires_at else $5::timestamptz end
                else null end
        where id = $1`,
      [row.id, to, lastError, sealed, credential?.expiresAt ?? null],
    );
    if (changed) {
      const action =
        cause.via === 'job'
          ? 'integration.status_change'
          : to === 'active'
            ? 'integration.activate'
            : 'integration.fail';
      await writeAuditLog(tx, {
        workspaceId: row.workspace_id,
        actorUserId: cause.via === 'callback' ? cause.userId : null,
        action,
        targetType: 'integration_connection',
        targetId: row.id,
        metadata: {
          provider_key: row.provider_key,
          provider_account_ref: row.provider_account_ref,
          backend: row.backend,
          status: { from: row.status, to },
          ...(cause.via === 'job' ? { reason: lastError ?? 'provider_status:ACTIVE' } : {}),
        },
        correlationId: cause.correlationId,
      });
    }
    return to;
  });
}

/** Whether the user of `row`'s latest OAuth state still holds integrations.manage there. */
async function starterStillManages(
  tx: Tx,
  row: Pick<RefreshRow, 'id' | 'workspace_id'>,
): Promise<boolean> {
  const { rows } = await tx.query<{ user_id: string }>(
    `select user_id from public.integration_oauth_states where connection_id = $1
      order by created_at desc limit 1`,
    [row.id],
  );
  const starter = rows[0];
  return starter !== undefined && stillManagesIntegrations(tx, starter.user_id, row.workspace_id);
}
