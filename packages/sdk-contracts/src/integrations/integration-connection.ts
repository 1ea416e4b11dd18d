import { z } from 'zod';
import { LOWER_KEBAB_PATTERN, timestampSchema } from '../common/keys';

/**
 * The lifecycle of a provider connection (PRD §23.4), in the provider's words (Composio's
 * connected-account states, issue 13): `initiated` while the hosted OAuth flow runs, `active`
 * once the provider holds a usable grant, `expired` when the grant lapsed and needs
 * re-authorisation, `failed` when the flow or the provider rejected it, `revoked` after a
 * disconnect (or a revocation at the provider). Until migration 045 they were `pending`,
 * `connected`, `expired`, `failed`, `disconnected`.
 */
export const INTEGRATION_CONNECTION_STATES = [
  'initiated',
  'active',
  'expired',
  'failed',
  'revoked',
] as const;

export const integrationConnectionStateSchema = z
  .enum(INTEGRATION_CONNECTION_STATES)
  .meta({ id: 'IntegrationConnectionState', description: 'State of a provider connection' });
export type IntegrationConnectionState = z.infer<typeof integrationConnectionStateSchema>;

/** Who runs the OAuth flow and holds the tokens of a connection: only Composio today. */
export const INTEGRATION_BACKENDS = ['composio'] as const;
export const integrationBackendSchema = z
  .enum(INTEGRATION_BACKENDS)
  .meta({ description: 'Backend that runs the OAuth flow and holds the tokens (composio)' });
export type IntegrationBackend = z.infer<typeof integrationBackendSchema>;

/**
 * What is connected and resolved: a provider such as `github` or `gmail` (Composio's toolkit
 * slug), lower-kebab, 1-64 characters, as `integration_connections.provider_key` and
 * `credential_policies.provider_key` hold it.
 */
export const providerKeySchema = z
  .string()
  .max(64)
  .regex(LOWER_KEBAB_PATTERN, 'Must be a lower-kebab key such as github')
  .meta({ description: 'Provider: lower-kebab, 1-64 characters (e.g. github)' });

/**
 * A workspace's connection to a provider account (`integration_connections`). The secret and
 * where it lives (`secret_ref`, `sealed_secret`) and the provider's own account id
 * (`provider_connection_id`) are deliberately absent: they never leave the server.
 */
export const integrationConnectionSchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid(),
    backend: integrationBackendSchema,
    provider_key: providerKeySchema,
    provider_account_ref: z
      .string()
      .min(1)
      .max(255)
      .meta({ description: "The workspace's label for this account of the provider (e.g. main)" }),
    display_name: z.string().nullable(),
    status: integrationConnectionStateSchema,
    scopes: z.array(z.string().min(1)),
    connected_at: timestampSchema.nullable().meta({ description: 'When it last became active' }),
    status_checked_at: timestampSchema
      .nullable()
      .meta({ description: 'When the provider was last asked for its state' }),
    credential_expires_at: timestampSchema.nullable().meta({
      description: "When the provider's current credential lapses; null: no expiry known",
    }),
    last_error: z.string().max(500).nullable().meta({
      description: 'A code-like reason of the last failure (e.g. provider_status:FAILED)',
    }),
    created_at: timestampSchema,
  })
  .meta({ id: 'IntegrationConnection', description: 'A provider connection of a workspace' });
export type IntegrationConnection = z.infer<typeof integrationConnectionSchema>;
