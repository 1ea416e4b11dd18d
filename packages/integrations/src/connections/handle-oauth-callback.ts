import type { Db } from '@aiconnected/db';
import { consumeOAuthState } from '../oauth/oauth-states';
import { ProviderUnavailableError } from '../providers/provider';
import type { IntegrationsDeps } from './integrations-deps';
import { refreshConnectionStatus } from './refresh-connection-status';

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
 */
export async function handleOAuthCallback(
  db: Db,
  deps: IntegrationsDeps,
  input: { token: string; userId: string; correlationId: string },
): Promise<OAuthCallbackResult> {
  const state = await consumeOAuthState(db, { token: input.token, userId: input.userId });
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
