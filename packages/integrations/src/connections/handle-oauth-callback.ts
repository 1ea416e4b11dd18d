import { writeAuditLog, type Db } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { consumeOAuthState, type ConsumedOAuthState } from '../oauth/oauth-states';
import { ProviderUnavailableError } from '../providers/provider';
import type { IntegrationsDeps } from './integrations-deps';
import { refreshConnectionStatus } from './refresh-connection-status';
import { stillManagesIntegrations } from './require-integrations-manager';

/** Where to send the browser after a callback, and how the connection came out. */
export interface OAuthCallbackResult {
  returnPath: string;
  outcome: 'active' | 'failed';
  connectionId: string;
}

/**
 * The backend's hosted flow came back (design 13 §3): the state is consumed for the signed-in
 * `userId` (INTEGRATION_OAUTH_STATE_INVALID otherwise, see `consumeOAuthState`), then the
 * backend is asked for the account's state, never the query string: active -> its credential
 * is sealed into the row (`integration.activate`), anything else -> `failed`
 * (`integration.fail`). The backend unreachable at that moment: `failed` answered, the row left
 * `initiated` for the refresh job to settle.
 *
 * The state's user must still hold `integrations.manage` in the state's workspace (the state
 * lives 10 minutes; a membership removed or demoted meanwhile): otherwise PERMISSION_DENIED
 * (`details.reason` `permission_revoked`), the state stays consumed and an `initiated` row
 * becomes `failed` (`permission_revoked`, audited `integration.fail`), so neither this
 * callback nor the refresh job can activate it.
 */
export async function handleOAuthCallback(
  db: Db,
  deps: IntegrationsDeps,
  input: { token: string; userId: string; correlationId: string },
): Promise<OAuthCallbackResult> {
  const state = await consumeOAuthState(db, { token: input.token, userId: input.userId });
  await refuseUnlessStillManager(db, state, input.correlationId);
  let status: string;
  try {
    status = await refreshConnectionStatus(db, deps, state.connectionId, {
      via: 'callback',
      userId: input.userId,
      correlationId: input.correlationId,
    });
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    deps.logger.warn(
      { connection_id: state.connectionId, reason: error.reason, err_message: error.message },
      'integrations.callback_provider_unavailable',
    );
    status = 'initiated';
  }
  return {
    returnPath: state.returnPath,
    outcome: status === 'active' ? 'active' : 'failed',
    connectionId: state.connectionId,
  };
}

/** The re-check at the callback: see `handleOAuthCallback`. */
async function refuseUnlessStillManager(
  db: Db,
  state: ConsumedOAuthState,
  correlationId: string,
): Promise<void> {
  const refused = await db.withService('re-check the connecting user', async (tx) => {
    if (await stillManagesIntegrations(tx, state.userId, state.workspaceId)) return false;
    const { rows } = await tx.query<{ provider_key: string; provider_account_ref: string }>(
      `update public.integration_connections
          set status = 'failed', last_error = 'permission_revoked', status_checked_at = now(),
              sealed_secret = null, credential_expires_at = null
        where id = $1 and status = 'initiated'
        returning provider_key, provider_account_ref`,
      [state.connectionId],
    );
    const failed = rows[0];
    if (failed !== undefined) {
      await writeAuditLog(tx, {
        workspaceId: state.workspaceId,
        actorUserId: state.userId,
        action: 'integration.fail',
        targetType: 'integration_connection',
        targetId: state.connectionId,
        metadata: {
          provider_key: failed.provider_key,
          provider_account_ref: failed.provider_account_ref,
          backend: state.backend,
          status: { from: 'initiated', to: 'failed' },
          reason: 'permission_revoked',
        },
        correlationId,
      });
    }
    return true;
  });
  if (refused) {
    throw new ShellError(
      'PERMISSION_DENIED',
      'the user who started this connection no longer holds integrations.manage there',
      { details: { required_permission: 'integrations.manage', reason: 'permission_revoked' } },
    );
  }
}
