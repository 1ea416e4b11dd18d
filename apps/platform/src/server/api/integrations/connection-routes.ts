import { createRoute } from '@hono/zod-openapi';
import {
  connectionListQuerySchema,
  connectionListSchema,
  connectRequestSchema,
  connectResponseSchema,
  disconnectRequestSchema,
  disconnectResponseSchema,
} from '@aiconnected/sdk-contracts';
import { errorResponses } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { INTEGRATION_READ_ERRORS, integrationsAccess } from './integrations-access';

export function connectRoute() {
  return createRoute({
    method: 'post',
    path: '/integrations/providers/composio/connect',
    operationId: 'connectIntegration',
    ...integrationsAccess(),
    tags: ['integrations'],
    summary: 'Start connecting a provider account',
    description:
      'Creates (or reuses, for the same `provider_account_ref`) the connection as `initiated` and answers the ' +
      'provider’s hosted connect URL in `oauth_url_or_status`: send the browser there; it returns through the ' +
      'callback to `return_path` with `?connect=active|failed|invalid`. Every scope must be allowed by the ' +
      'provider config and the credential policies (`INTEGRATION_SCOPE_FORBIDDEN`, `details.forbidden_scopes`); ' +
      'an unknown or disabled provider is `NOT_FOUND`; an active account ref `CONFLICT`, as is a ref another ' +
      'request is starting a flow for right now (`details.reason` `connect_in_progress`); the backend ' +
      'unusable `INTEGRATION_PROVIDER_UNAVAILABLE` (the connection is then `failed`). 20 per minute per person. ' +
      'Audited as `integration.connect`.',
    request: { body: jsonBody(connectRequestSchema) },
    responses: {
      201: jsonResponse(connectResponseSchema, 'The hosted connect flow started'),
      ...errorResponses([
        ...INTEGRATION_READ_ERRORS,
        'NOT_FOUND',
        'CONFLICT',
        'INTEGRATION_SCOPE_FORBIDDEN',
        'INTEGRATION_PROVIDER_UNAVAILABLE',
        'RATE_LIMITED',
      ]),
    },
  });
}

export function disconnectRoute() {
  return createRoute({
    method: 'post',
    path: '/integrations/providers/composio/disconnect',
    operationId: 'disconnectIntegration',
    ...integrationsAccess(),
    tags: ['integrations'],
    summary: 'Disconnect a provider account',
    description:
      'The connection becomes `revoked` at once and its stored credential is dropped (modules using it lose ' +
      'access); then the provider account is removed at the backend. The backend unreachable: ' +
      '`last_error: revoke_pending`, retried by the refresh job. A connection the workspace does not have is ' +
      '`NOT_FOUND`. Audited as `integration.disconnect`.',
    request: { body: jsonBody(disconnectRequestSchema) },
    responses: {
      200: jsonResponse(disconnectResponseSchema, 'The revoked connection'),
      ...errorResponses([...INTEGRATION_READ_ERRORS, 'NOT_FOUND', 'INTEGRATION_SCOPE_FORBIDDEN']),
    },
  });
}

export function listConnectionsRoute() {
  return createRoute({
    method: 'get',
    path: '/integrations/providers/composio/connections',
    operationId: 'listIntegrationConnections',
    ...integrationsAccess(),
    tags: ['integrations'],
    summary: 'Connections of a workspace',
    description:
      'The workspace’s provider connections, newest first, optionally of one provider or state. Never a ' +
      'credential, its reference or the provider’s account id.',
    request: { query: connectionListQuerySchema },
    responses: {
      200: jsonResponse(connectionListSchema, 'The connections'),
      ...errorResponses(INTEGRATION_READ_ERRORS),
    },
  });
}
