import { createRoute } from '@hono/zod-openapi';
import {
  resolutionDecisionListQuerySchema,
  resolutionDecisionPageSchema,
} from '@aiconnected/sdk-contracts';
import { errorResponses } from '../http/error-responses';
import { jsonResponse } from '../http/json-schemas';
import { CREDENTIALS_ERRORS, credentialsAccess } from './credentials-access';

export function listResolutionsRoute() {
  return createRoute({
    method: 'get',
    path: '/credentials/resolutions',
    operationId: 'listCredentialResolutions',
    ...credentialsAccess(),
    tags: ['credentials'],
    summary: 'The credential resolution log',
    description:
      'Every recorded resolution (API and server), newest first, with the levels it visited: asked in ' +
      'the platform workspace, all of them; in an agency, those of its tree. A business workspace is ' +
      '`PERMISSION_DENIED`. Filtered by provider, outcome, reason, the workspace resolved for and a ' +
      'time range; keyset-paginated.',
    request: { query: resolutionDecisionListQuerySchema },
    responses: {
      200: jsonResponse(resolutionDecisionPageSchema, 'A page of decisions'),
      ...errorResponses(CREDENTIALS_ERRORS),
    },
  });
}
