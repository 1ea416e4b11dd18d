import { z } from 'zod';

/**
 * The lifecycle of a provider connection (PRD §23.4): `pending` while the OAuth flow runs,
 * `connected` once the callback succeeds, `expired` when the provider's grant lapsed and needs
 * re-authorisation, `failed` when the flow or the provider rejected it, `disconnected` after
 * an explicit disconnect.
 */
export const INTEGRATION_CONNECTION_STATES = [
  'pending',
  'connected',
  'expired',
  'failed',
  'disconnected',
] as const;

export const integrationConnectionStateSchema = z
  .enum(INTEGRATION_CONNECTION_STATES)
  .meta({ id: 'IntegrationConnectionState', description: 'State of a provider connection' });
export type IntegrationConnectionState = z.infer<typeof integrationConnectionStateSchema>;

/**
 * A workspace's connection to a provider account (`integration_connections`). Its
 * `secret_ref` is deliberately absent: secrets never leave the server.
 */
export const integrationConnectionSchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid(),
    provider_key: z.string().min(1).max(64).meta({ description: 'Provider, e.g. composio' }),
    provider_account_ref: z.string().min(1).max(256),
    status: integrationConnectionStateSchema,
    scopes: z.array(z.string().min(1)),
  })
  .meta({ id: 'IntegrationConnection', description: 'A provider connection of a workspace' });
export type IntegrationConnection = z.infer<typeof integrationConnectionSchema>;
