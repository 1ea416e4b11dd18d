import { createRoute } from '@hono/zod-openapi';
import {
  credentialPolicyHistoryQuerySchema,
  credentialPolicyHistorySchema,
  credentialPolicyQuerySchema,
  credentialPolicySchema,
  putCredentialPolicyRequestSchema,
} from '@aiconnected/sdk-contracts';
import { errorResponses } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { CREDENTIALS_ERRORS, credentialsAccess } from './credentials-access';

export function getPolicyRoute() {
  return createRoute({
    method: 'get',
    path: '/credentials/policies',
    operationId: 'getCredentialPolicy',
    ...credentialsAccess(),
    tags: ['credentials'],
    summary: 'The credential policy of a workspace for a provider',
    description:
      'Its resolution order, fallback switches and allowed scopes, with `effective` (the levels it ' +
      'reaches and one sentence saying what it does). Without a stored policy the default is shown ' +
      '(`id` null, `version` 0): the workspace’s own level up to the platform, no fallback.',
    request: { query: credentialPolicyQuerySchema },
    responses: {
      200: jsonResponse(credentialPolicySchema, 'The policy'),
      ...errorResponses(CREDENTIALS_ERRORS),
    },
  });
}

export function putPolicyRoute() {
  return createRoute({
    method: 'put',
    path: '/credentials/policies',
    operationId: 'putCredentialPolicy',
    ...credentialsAccess({
      when: 'to change allow_parent_fallback or fallback_when_invalid',
      note: 'The fallback switches say whether the workspace may use its parent’s credential, so they are set in the parent workspace.',
    }),
    tags: ['credentials'],
    summary: 'Change the credential policy of a workspace for a provider',
    description:
      'Sets the resolution order (starting at the workspace’s own level), the fallback switches and ' +
      'the allowed scopes. `expected_version` is the version read (0 when none was stored); a policy ' +
      'changed meanwhile is `CONFLICT` (`details.current_version`). Each change is a new version in ' +
      'the history and an audit row; the same values change nothing.',
    request: { body: jsonBody(putCredentialPolicyRequestSchema) },
    responses: {
      200: jsonResponse(credentialPolicySchema, 'The policy as stored'),
      ...errorResponses([...CREDENTIALS_ERRORS, 'CONFLICT']),
    },
  });
}

export function policyHistoryRoute() {
  return createRoute({
    method: 'get',
    path: '/credentials/policies/history',
    operationId: 'listCredentialPolicyHistory',
    ...credentialsAccess(),
    tags: ['credentials'],
    summary: 'Every version of a credential policy',
    description:
      'The versions of the policy of (workspace, provider), newest first, kept 365 days, each with ' +
      'who changed it and when. Keyset-paginated (`next_cursor`; a cursor this list did not issue is ' +
      '`VALIDATION_BLOCKING`).',
    request: { query: credentialPolicyHistoryQuerySchema },
    responses: {
      200: jsonResponse(credentialPolicyHistorySchema, 'A page of versions'),
      ...errorResponses(CREDENTIALS_ERRORS),
    },
  });
}
