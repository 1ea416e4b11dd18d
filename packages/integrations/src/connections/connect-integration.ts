import { asServiceRole, type Db } from '@aiconnected/db';
import { recordAudit, translateWriteError } from '@aiconnected/access';
import {
  ShellError,
  type ConnectRequest,
  type ConnectResponse,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { issueOAuthState } from '../oauth/oauth-states';
import { ProviderUnavailableError } from '../providers/provider';
import { CONNECTION_COLUMNS, toIntegrationConnection, type ConnectionRow } from './connection-row';
import { transitionConnection } from './connection-transitions';
import { COMPOSIO_CALLBACK_PATH, type IntegrationsDeps } from './integrations-deps';
import { readAllowedScopes } from './read-allowed-scopes';
import { readProviderConfig } from './read-provider-config';
import { requireIntegrationsManager } from './require-integrations-manager';

/** Where the browser returns after the hosted flow when the request names no path. */
export const DEFAULT_RETURN_PATH = '/settings/integrations';

/**
 * A re-initiated row whose backend link is not recorded yet is "starting" this long (after
 * which a crashed request's row may be connected again): the backend calls' time, with room.
 */
export const CONNECT_STARTING_MS = 2 * 60_000;

/**
 * CONFLICT: another request is starting a hosted flow for this ref right now (a concurrent
 * insert, or the row re-initiated and its link not recorded yet: a double-click on Reconnect).
 * Calling the backend as well would be refused for the duplicate alias and fail the first flow.
 */
function connectInProgress(ref: string, prefix = '', cause?: unknown): ShellError {
  return new ShellError('CONFLICT', `${prefix}the account is being connected already`, {
    details: {
      field: 'provider_account_ref',
      provider_account_ref: ref,
      reason: 'connect_in_progress',
    },
    userMessage: 'This account is being connected already. Finish that flow or try again shortly.',
    cause,
  });
}

interface Prepared {
  connection: ConnectionRow;
  authConfigRef: string;
  previousAccountId: string | null;
  token: string;
}

/**
 * Starts connecting a provider account of `request.workspace_id` through the backend's hosted
 * OAuth flow (design 13 §3 "Lifecycle"): `integrations.manage` there, the provider configured
 * and enabled (`NOT_FOUND`), every scope allowed by the config and the credential policies on
 * the ancestry (`INTEGRATION_SCOPE_FORBIDDEN`, `details.forbidden_scopes`), the account ref not
 * already active (`CONFLICT`), no other request starting a flow for it right now (`CONFLICT`,
 * `details.reason` `connect_in_progress`: the row is locked and read first). The row (new, or the ref's earlier one) becomes `initiated`
 * with a fresh single-use state and its audit row in one transaction; the backend is called
 * after the commit (no lock held over HTTP). The backend failing marks the row `failed`
 * (`provider_unavailable`) and answers 503 INTEGRATION_PROVIDER_UNAVAILABLE.
 */
export async function connectIntegration(
  db: Db,
  deps: IntegrationsDeps,
  actor: WorkspaceContext,
  request: ConnectRequest,
  correlationId: string,
): Promise<ConnectResponse> {
  const prepared = await db.withWorkspace(actor, async (tx): Promise<Prepared> => {
    await requireIntegrationsManager(tx, actor, request.workspace_id, 'connect an integration');
    const config = await readProviderConfig(tx, request.provider_key);
    if (config === null || !config.enabled || config.backend !== 'composio') {
      throw new ShellError('NOT_FOUND', `no enabled composio provider ${request.provider_key}`, {
        details: { provider_key: request.provider_key },
      });
    }
    const allowed = await readAllowedScopes(
      tx,
      request.workspace_id,
      request.provider_key,
      config.available_scopes,
    );
    const forbidden = request.scopes.filter((scope) => !allowed.includes(scope));
    if (forbidden.length > 0) {
      throw new ShellError('INTEGRATION_SCOPE_FORBIDDEN', 'scopes outside the allowed set', {
        details: { forbidden_scopes: forbidden, allowed_scopes: allowed },
      });
    }
    const { rows: existing } = await tx.query<{
      id: string;
      status: ConnectionRow['status'];
      provider_connection_id: string | null;
      starting: boolean;
    }>(
      `select id, status, provider_connection_id,
              status = 'initiated' and provider_connection_id is null
                and updated_at > clock_timestamp() - make_interval(secs => $4::double precision / 1000)
                as starting
         from public.integration_connections
        where workspace_id = $1 and provider_key = $2 and provider_account_ref = $3
        for update`,
      [
        request.workspace_id,
        request.provider_key,
        request.provider_account_ref,
        CONNECT_STARTING_MS,
      ],
    );
    const before = existing[0];
    if (before?.starting === true) throw connectInProgress(request.provider_account_ref);
    if (before !== undefined) transitionConnection(before.status, 'initiated');
    const scopes = JSON.stringify(request.scopes);
    const { rows } =
      before === undefined
        ? await tx
            .query<ConnectionRow>(
              `insert into public.integration_connections as c
               (workspace_id, provider_key, provider_account_ref, status, scopes_json,
                display_name, backend, created_by_user_id)
             values ($1, $2, $3, 'initiated', $4, $5, 'composio', $6)
             returning ${CONNECTION_COLUMNS}`,
              [
                request.workspace_id,
                request.provider_key,
                request.provider_account_ref,
                scopes,
                config.display_name,
                actor.user_id,
              ],
            )
            .catch((error: unknown) =>
              translateWriteError(error, 'connect an integration', {
                // Another request inserted the ref after this one read none.
                integration_connections_workspace_provider_account_key: (what, cause) =>
                  connectInProgress(request.provider_account_ref, `${what}: `, cause),
              }),
            )
        : await tx.query<ConnectionRow>(
            `update public.integration_connections c
                set status = 'initiated', scopes_json = $2, display_name = $3, last_error = null,
                    connected_at = null, credential_expires_at = null, status_checked_at = null,
                    revoked_at = null, revoked_by_user_id = null
              where c.id = $1
              returning ${CONNECTION_COLUMNS}`,
            [before.id, scopes, config.display_name],
          );
    const connection = rows[0];
    if (connection === undefined) throw new Error('connect: the connection row was not written');
    const { token } = await asServiceRole(tx, 'start an integration connection', async () => {
      // The earlier account's secret and id go now; its account is removed at the backend below.
      await tx.query(
        `update public.integration_connections
            set sealed_secret = null, secret_ref = null, provider_connection_id = null
          where id = $1`,
        [connection.id],
      );
      // An earlier attempt's state is used up: its late callback would ask the backend about
      // this attempt's account and fail the connection while this flow is still running.
      // (now() is this transaction's start: a concurrent attempt's state may be younger.)
      await tx.query(
        `update public.integration_oauth_states set consumed_at = greatest(now(), created_at)
          where connection_id = $1 and consumed_at is null`,
        [connection.id],
      );
      return issueOAuthState(tx, {
        workspaceId: request.workspace_id,
        userId: actor.user_id,
        backend: 'composio',
        providerKey: request.provider_key,
        connectionId: connection.id,
        returnPath: request.return_path ?? DEFAULT_RETURN_PATH,
      });
    });
    await recordAudit(tx, actor, {
      workspaceId: request.workspace_id,
      action: 'integration.connect',
      targetType: 'integration_connection',
      targetId: connection.id,
      metadata: {
        provider_key: request.provider_key,
        provider_account_ref: request.provider_account_ref,
        scopes: request.scopes,
        backend: 'composio',
      },
      correlationId,
    });
    return {
      connection,
      authConfigRef: config.auth_config_ref,
      previousAccountId: before?.provider_connection_id ?? null,
      token,
    };
  });

  const { connection } = prepared;
  try {
    const provider = deps.providers.providerFor('composio');
    if (prepared.previousAccountId !== null) {
      // The backend keeps aliases unique per user and toolkit: the earlier account goes first.
      await provider.revoke(prepared.previousAccountId);
    }
    const callback = new URL(COMPOSIO_CALLBACK_PATH, deps.callbackBaseUrl);
    callback.searchParams.set('state', prepared.token);
    const link = await provider.initiate({
      authConfigRef: prepared.authConfigRef,
      userRef: `ws:${connection.workspace_id}`,
      alias: connection.provider_account_ref,
      callbackUrl: callback.toString(),
      scopes: request.scopes,
    });
    const { rows } = await db.withService('record an initiated integration connection', (tx) =>
      tx.query<ConnectionRow>(
        `update public.integration_connections c
            set provider_connection_id = $2, secret_ref = 'composio:' || $2::text,
                status_checked_at = now()
          where c.id = $1 and c.status = 'initiated'
          returning ${CONNECTION_COLUMNS}`,
        [connection.id, link.providerConnectionId],
      ),
    );
    return {
      connection_state: 'initiated',
      oauth_url_or_status: link.redirectUrl,
      connection: toIntegrationConnection(rows[0] ?? connection),
    };
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    deps.logger.warn(
      { connection_id: connection.id, reason: error.reason, err_message: error.message },
      'integrations.connect_provider_unavailable',
    );
    await db.withService('record a failed integration connection', (tx) =>
      tx.query(
        `update public.integration_connections
            set status = 'failed', last_error = 'provider_unavailable', status_checked_at = now()
          where id = $1 and status = 'initiated'`,
        [connection.id],
      ),
    );
    throw error.toShellError();
  }
}
