import type { ComposioClient } from './composio-client';
import {
  ProviderUnavailableError,
  type IntegrationProvider,
  type ProviderCredential,
  type ProviderStatus,
} from './provider';

/** Composio's connected-account states in the shell's words; INACTIVE = disabled = revoked. */
const STATUS: Readonly<Record<string, ProviderStatus>> = {
  INITIATED: 'initiated',
  ACTIVE: 'active',
  EXPIRED: 'expired',
  FAILED: 'failed',
  INACTIVE: 'revoked',
};

// Fields of `state.val` that describe the credential rather than being part of it.
const NOT_SECRET = new Set(['status', 'expires_at']);

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The credential fields of an account's state: its non-empty strings. */
function credentialOf(state: Readonly<Record<string, unknown>> | null): ProviderCredential | null {
  if (state === null) return null;
  const secret: Record<string, string> = {};
  for (const [key, value] of Object.entries(state)) {
    if (typeof value === 'string' && value.length > 0 && !NOT_SECRET.has(key)) secret[key] = value;
  }
  if (Object.keys(secret).length === 0) return null;
  return { secret, expiresAt: dateOf(state.expires_at) };
}

/** The `IntegrationProvider` of the `composio` backend over its REST client. */
export function createComposioProvider(client: ComposioClient): IntegrationProvider {
  return {
    backend: 'composio',

    async initiate(input) {
      const link = await client.createLink({
        authConfigId: input.authConfigRef,
        userId: input.userRef,
        alias: input.alias,
        callbackUrl: input.callbackUrl,
      });
      return {
        providerConnectionId: link.connectedAccountId,
        redirectUrl: link.redirectUrl,
        expiresAt: link.expiresAt,
      };
    },

    async status(id) {
      const account = await client.getConnectedAccount(id);
      if (account === null) return { status: 'revoked' };
      const status = STATUS[account.status];
      if (status === undefined) {
        throw new ProviderUnavailableError(
          'bad_response',
          'composio get connected account: unknown status',
        );
      }
      return { status };
    },

    async credential(id) {
      const account = await client.getConnectedAccount(id);
      const credential = account?.status === 'ACTIVE' ? credentialOf(account.state) : null;
      if (credential === null) {
        // Not active, gone, or its state masked by the project's settings (design 13 Q2).
        throw new ProviderUnavailableError(
          'bad_response',
          'composio credential: the account holds no usable credential',
        );
      }
      return credential;
    },

    async revoke(id) {
      await client.deleteConnectedAccount(id);
    },

    authConfigToolkit: (ref) => client.getAuthConfigToolkit(ref),
  };
}
