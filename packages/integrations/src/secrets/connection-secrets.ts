import {
  openSecret,
  sealSecret,
  type SealedColumn,
  type SealedSecret,
  type SecretKeyRing,
} from '@aiconnected/secrets';
import type { ProviderCredential } from '../providers/provider';

/** The row a connection secret is sealed for (its identity is the associated data). */
export interface ConnectionSecretRow {
  id: string;
  workspace_id: string;
  provider_key: string;
}

/**
 * The associated data of a connection's sealed credential: the row, its workspace and
 * provider, so the envelope opens only in the row (and tenant, and provider) it was sealed for.
 */
export function connectionSecretAad(row: ConnectionSecretRow): string {
  return `integration_connections:${row.id}:${row.workspace_id}:${row.provider_key}`;
}

/** `integration_connections.sealed_secret`, for `keys:rotate -- secrets` (re-wrap on rotation). */
export const INTEGRATION_CONNECTIONS_SEALED_COLUMN: SealedColumn = {
  table: 'public.integration_connections',
  column: 'sealed_secret',
  aadColumns: ['workspace_id', 'provider_key'],
  aad: (row) =>
    connectionSecretAad({
      id: row.id ?? '',
      workspace_id: row.workspace_id ?? '',
      provider_key: row.provider_key ?? '',
    }),
};

/** The sealed form of a provider credential for `row` (stored in `sealed_secret`). */
export function sealConnectionSecret(
  ring: SecretKeyRing,
  row: ConnectionSecretRow,
  credential: ProviderCredential,
): SealedSecret {
  const plaintext = JSON.stringify({
    secret: credential.secret,
    expires_at: credential.expiresAt?.toISOString() ?? null,
  });
  return sealSecret(ring, plaintext, connectionSecretAad(row));
}

/**
 * The credential sealed in `row.sealed_secret`. Throws `SealedSecretError` when it does not
 * open (its KEK retired, tampered with, or moved from another row). Server-side only: the
 * result is never logged, audited or answered.
 */
export function openConnectionSecret(
  ring: SecretKeyRing,
  row: ConnectionSecretRow & { sealed_secret: SealedSecret },
): ProviderCredential {
  const parsed = JSON.parse(openSecret(ring, row.sealed_secret, connectionSecretAad(row))) as {
    secret: Record<string, string>;
    expires_at: string | null;
  };
  return {
    secret: parsed.secret,
    expiresAt: parsed.expires_at === null ? null : new Date(parsed.expires_at),
  };
}
