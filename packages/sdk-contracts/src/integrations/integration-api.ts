import { z } from 'zod';
import { safeText } from '../common/safe-text';
import { findDuplicates } from '../common/unique';
import {
  integrationBackendSchema,
  integrationConnectionSchema,
  integrationConnectionStateSchema,
  providerKeySchema,
} from './integration-connection';

// The integrations API (issue 13, PRD §20.3 "integrations"): providers, connect through the
// provider's hosted OAuth flow, disconnect, list connections. snake_case, strict requests.

/** One OAuth scope as the provider spells it (`repo`, `read:user`, a URL): printable ASCII. */
export const integrationScopeSchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'Must be 1-200 printable characters without spaces')
  .meta({ description: 'An OAuth scope, as the provider names it' });

/** A list of distinct scopes, at most 50. */
export function scopeListSchema(min: number) {
  return z
    .array(integrationScopeSchema)
    .min(min)
    .max(50)
    .superRefine((scopes, ctx) => {
      for (const duplicate of findDuplicates(scopes)) {
        ctx.addIssue({ code: 'custom', message: `Scope ${duplicate} is listed twice` });
      }
    });
}

/**
 * A same-origin path to return to after the provider's hosted flow: starts with one `/` (not
 * `//` or `/\`, which browsers read as another host), no white space, control character or
 * backslash, at most 512 characters (migration 045 checks the same start and length).
 */
export const returnPathSchema = z
  .string()
  .max(512)
  .regex(/^\/(?:[^/\\\s\p{Cc}][^\\\s\p{Cc}]*)?$/u, 'Must be a path on this site, such as /settings')
  .meta({
    description:
      'Path on this site to return to after the provider (default: the integrations page)',
  });

/** `POST /integrations/providers/composio/connect`. */
export const connectRequestSchema = z
  .strictObject({
    workspace_id: z.uuid(),
    provider_key: providerKeySchema,
    provider_account_ref: safeText(255).min(1).meta({
      description: "The workspace's label for this account (e.g. main), unique per provider",
    }),
    scopes: scopeListSchema(1).meta({
      description:
        "Scopes to request; each must be allowed by the provider's config and the credential policies",
    }),
    return_path: returnPathSchema.optional(),
  })
  .meta({ id: 'IntegrationConnectRequest', description: 'Connect a provider account' });
export type ConnectRequest = z.infer<typeof connectRequestSchema>;

export const connectResponseSchema = z
  .object({
    connection_state: integrationConnectionStateSchema,
    oauth_url_or_status: z.string().min(1).meta({
      description:
        "The provider's hosted connect URL while initiated (send the browser there); the state otherwise",
    }),
    connection: integrationConnectionSchema,
  })
  .meta({ id: 'IntegrationConnectResponse', description: 'The started connection' });
export type ConnectResponse = z.infer<typeof connectResponseSchema>;

/** `POST /integrations/providers/composio/disconnect`. */
export const disconnectRequestSchema = z
  .strictObject({ workspace_id: z.uuid(), connection_id: z.uuid() })
  .meta({ id: 'IntegrationDisconnectRequest', description: 'Disconnect a provider account' });
export type DisconnectRequest = z.infer<typeof disconnectRequestSchema>;

export const disconnectResponseSchema = z
  .object({
    connection_state: integrationConnectionStateSchema,
    connection: integrationConnectionSchema,
  })
  .meta({ id: 'IntegrationDisconnectResponse', description: 'The revoked connection' });
export type DisconnectResponse = z.infer<typeof disconnectResponseSchema>;

/** `GET /integrations/providers/composio/connections`. */
export const connectionListQuerySchema = z.object({
  workspace_id: z.uuid(),
  provider_key: providerKeySchema.optional(),
  status: integrationConnectionStateSchema.optional(),
});
export type ConnectionListQuery = z.infer<typeof connectionListQuerySchema>;

export const connectionListSchema = z
  .object({ items: z.array(integrationConnectionSchema) })
  .meta({ id: 'IntegrationConnectionList', description: "A workspace's provider connections" });
export type ConnectionList = z.infer<typeof connectionListSchema>;

const providerConfigFields = {
  provider_key: providerKeySchema,
  backend: integrationBackendSchema,
  display_name: z.string().min(1).max(120),
  available_scopes: z
    .array(integrationScopeSchema)
    .meta({ description: 'Every scope the provider config offers' }),
  allowed_scopes: z.array(integrationScopeSchema).meta({
    description:
      'The scopes the workspace asked about may request: available_scopes narrowed by every credential policy on its ancestry',
  }),
  enabled: z.boolean(),
};

/** A provider as a workspace sees it (`integration_provider_configs`, no auth config). */
export const providerConfigSchema = z
  .object(providerConfigFields)
  .meta({ id: 'IntegrationProvider', description: 'A provider a workspace may connect' });
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

/** A provider as the platform (super, integrations.manage) sees it: with its auth config. */
export const providerConfigAdminSchema = z
  .object({
    ...providerConfigFields,
    auth_config_ref: z
      .string()
      .min(1)
      .max(255)
      .meta({ description: "The backend's auth config (Composio ac_...)" }),
  })
  .meta({ id: 'IntegrationProviderAdmin', description: 'A provider config, for the platform' });
export type ProviderConfigAdmin = z.infer<typeof providerConfigAdminSchema>;

/** `GET /integrations/providers`: platform callers get each item with `auth_config_ref`. */
export const providerListSchema = z
  .object({ items: z.array(z.union([providerConfigAdminSchema, providerConfigSchema])) })
  .meta({ id: 'IntegrationProviderList', description: 'The providers a workspace may connect' });
export type ProviderList = z.infer<typeof providerListSchema>;

/** `PUT /integrations/providers/{provider_key}` (platform only). */
export const putProviderConfigRequestSchema = z
  .strictObject({
    backend: integrationBackendSchema,
    auth_config_ref: z
      .string()
      .regex(/^[\x21-\x7e]{1,255}$/, 'Must be 1-255 printable characters without spaces')
      .meta({
        description: "The backend's auth config (Composio ac_...), checked with the backend",
      }),
    display_name: safeText(120).min(1),
    available_scopes: scopeListSchema(0),
    enabled: z.boolean(),
  })
  .meta({ id: 'IntegrationProviderPutRequest', description: 'Create or change a provider config' });
export type PutProviderConfigRequest = z.infer<typeof putProviderConfigRequestSchema>;
