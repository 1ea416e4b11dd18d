import { createRoute } from '@hono/zod-openapi';
import {
  resolveCredentialRequestSchema,
  resolveCredentialResponseSchema,
} from '@aiconnected/sdk-contracts';
import { errorResponses } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { CREDENTIALS_ERRORS, credentialsAccess } from './credentials-access';

export function resolveRoute() {
  return createRoute({
    method: 'post',
    path: '/credentials/resolve',
    operationId: 'resolveCredential',
    ...credentialsAccess(),
    tags: ['credentials'],
    summary: 'Where a provider credential for a workspace comes from',
    description:
      'Walks the workspace and its ancestors within its resolution order and each level’s fallback ' +
      'switches (never another agency’s tree) and answers the level, workspace and connection the ' +
      'credential would come from: never the secret. Every call is recorded in the resolution log ' +
      '(`decision_id`); none found is `CREDENTIAL_RESOLUTION_FAILED` with `details.reason` and ' +
      '`details.decision_id`. 120 a minute per person (`RATE_LIMITED`).',
    request: { body: jsonBody(resolveCredentialRequestSchema) },
    responses: {
      200: jsonResponse(resolveCredentialResponseSchema, 'The resolved source'),
      ...errorResponses([...CREDENTIALS_ERRORS, 'CREDENTIAL_RESOLUTION_FAILED', 'RATE_LIMITED']),
    },
  });
}
