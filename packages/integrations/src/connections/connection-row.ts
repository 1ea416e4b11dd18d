import type { IntegrationConnection, IntegrationConnectionState } from '@aiconnected/sdk-contracts';

/** The columns a connection is answered from (never secret_ref, sealed_secret, provider_connection_id). */
export const CONNECTION_COLUMNS = `c.id, c.workspace_id, c.backend, c.provider_key,
  c.provider_account_ref, c.display_name, c.status, c.scopes_json, c.connected_at,
  c.status_checked_at, c.credential_expires_at, c.last_error, c.created_at`;

/** One `integration_connections` row as CONNECTION_COLUMNS reads it. */
export interface ConnectionRow {
  id: string;
  workspace_id: string;
  backend: 'composio';
  provider_key: string;
  provider_account_ref: string;
  display_name: string | null;
  status: IntegrationConnectionState;
  scopes_json: string[];
  connected_at: Date | null;
  status_checked_at: Date | null;
  credential_expires_at: Date | null;
  last_error: string | null;
  created_at: Date;
}

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

/** The API form of a connection row. */
export function toIntegrationConnection(row: ConnectionRow): IntegrationConnection {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    backend: row.backend,
    provider_key: row.provider_key,
    provider_account_ref: row.provider_account_ref,
    display_name: row.display_name,
    status: row.status,
    scopes: row.scopes_json,
    connected_at: iso(row.connected_at),
    status_checked_at: iso(row.status_checked_at),
    credential_expires_at: iso(row.credential_expires_at),
    last_error: row.last_error,
    created_at: row.created_at.toISOString(),
  };
}
