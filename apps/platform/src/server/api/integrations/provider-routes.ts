import { createRoute, z } from '@hono/zod-openapi';
import {
  providerConfigAdminSchema,
  providerKeySchema,
  providerListSchema,
  putProviderConfigRequestSchema,
} from '@aiconnected/sdk-contracts';
import { errorResponses } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import {
  INTEGRATION_READ_ERRORS,
  integrationsAccess,
  platformIntegrationsAccess,
} from './integrations-access';

export function listProvidersRoute() {
  return createRoute({
    method: 'get',
    path: '/integrations/providers',
    operationId: 'listIntegrationProviders',
    ...integrationsAccess(),
    tags: ['integrations'],
    summary: 'Providers a workspace may connect',
    description:
      'The enabled provider configs, each with `allowed_scopes`: the scopes the named workspace may request ' +
      '(the config’s `available_scopes` narrowed by every credential policy on its ancestry). Acting in the ' +
      'platform workspace, also the disabled ones and each config’s `auth_config_ref`.',
    request: { query: z.object({ workspace_id: z.uuid() }) },
    responses: {
      200: jsonResponse(providerListSchema, 'The providers'),
      ...errorResponses(INTEGRATION_READ_ERRORS),
    },
  });
}

export function putProviderRoute() {
  return createRoute({
    method: 'put',
    path: '/integrations/providers/{provider_key}',
    operationId: 'putIntegrationProvider',
    ...platformIntegrationsAccess(),
    tags: ['integrations'],
    summary: 'Create or change a provider config',
    description:
      'The backend is asked whether `auth_config_ref` exists and belongs to the provider’s toolkit ' +
      '(`VALIDATION_BLOCKING`, `details.field: auth_config_ref`, otherwise); the backend unusable is ' +
      '`INTEGRATION_PROVIDER_UNAVAILABLE` with `details.reason`. Audited as `integration.provider_config_update`.',
    request: {
      params: z.object({ provider_key: providerKeySchema }),
      body: jsonBody(putProviderConfigRequestSchema),
    },
    responses: {
      200: jsonResponse(providerConfigAdminSchema, 'The saved config'),
      ...errorResponses([...INTEGRATION_READ_ERRORS, 'INTEGRATION_PROVIDER_UNAVAILABLE']),
    },
  });
}
