import { ShellError, type IntegrationBackend } from '@aiconnected/sdk-contracts';

/** A connection's state as the backend reports it (Composio's connected-account states). */
export type ProviderStatus = 'initiated' | 'active' | 'expired' | 'failed' | 'revoked';

/** What starting a hosted connect flow needs. */
export interface InitiateInput {
  /** The backend's auth config (Composio `ac_...`), from `integration_provider_configs`. */
  authConfigRef: string;
  /** Whom the backend files the account under: `ws:<workspace_id>`. */
  userRef: string;
  /** The workspace's label of the account (`provider_account_ref`). */
  alias: string;
  /** Where the hosted flow sends the browser back to (the shell's callback with its state). */
  callbackUrl: string;
  /** Requested scopes, already checked against the policies (recorded, see design 13 Q1). */
  scopes: readonly string[];
}

export interface InitiateResult {
  /** The backend's id of the new account (Composio `ca_...`). */
  providerConnectionId: string;
  /** The hosted connect page the browser is sent to. */
  redirectUrl: string;
  /** When the hosted link lapses; null when the backend does not say. */
  expiresAt: Date | null;
}

/** A usable credential of an active connection: server-side only, never logged or answered. */
export interface ProviderCredential {
  secret: Readonly<Record<string, string>>;
  expiresAt: Date | null;
}

/** The provider control plane of one backend (design 13 §3). */
export interface IntegrationProvider {
  readonly backend: IntegrationBackend;
  initiate(input: InitiateInput): Promise<InitiateResult>;
  /** The account's state; an account the backend no longer knows is `revoked`. */
  status(providerConnectionId: string): Promise<{ status: ProviderStatus }>;
  /** The account's current credential (throws `bad_response` when it holds none). */
  credential(providerConnectionId: string): Promise<ProviderCredential>;
  /** Removes the account and revokes its tokens; an unknown account counts as done. */
  revoke(providerConnectionId: string): Promise<void>;
  /** The toolkit (provider_key) an auth config belongs to; null when the backend has no such config. */
  authConfigToolkit(authConfigRef: string): Promise<string | null>;
}

/** Why a backend could not be used; `details.reason` of INTEGRATION_PROVIDER_UNAVAILABLE. */
export type ProviderUnavailableReason =
  'not_configured' | 'unreachable' | 'http_error' | 'bad_response';

/**
 * A backend that could not be used. The message names the operation and the HTTP status at
 * most: never a provider's answer body, a token or the API key.
 */
export class ProviderUnavailableError extends Error {
  constructor(
    readonly reason: ProviderUnavailableReason,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderUnavailableError';
  }

  /** As the API answers it: 503 INTEGRATION_PROVIDER_UNAVAILABLE, `details.reason`. */
  toShellError(): ShellError {
    return new ShellError('INTEGRATION_PROVIDER_UNAVAILABLE', this.message, {
      details: { reason: this.reason },
      cause: this,
    });
  }
}
