import { createRoute, z } from '@hono/zod-openapi';
import { issueInstallationCredentials, listInstallationCredentials } from '@aiconnected/events';
import {
  installationCredentialViewSchema,
  issueCredentialsRequestSchema,
  issuedCredentialsSchema,
  moduleKeySchema,
  type ErrorCode,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { MODULE_CREDENTIAL_ISSUES_PER_10_MINUTES } from '../guard/rate-limits';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { moduleAccess } from '../modules/routes';

const keyParams = z.object({
  key: moduleKeySchema.meta({ description: 'The module key (its manifest id)' }),
});

const CREDENTIAL_ERRORS = [
  ...GUARD_ERRORS,
  'PERMISSION_DENIED',
  'WORKSPACE_FORBIDDEN',
  'NOT_FOUND',
] as const satisfies readonly ErrorCode[];

function issueRoute() {
  return createRoute({
    method: 'post',
    path: '/modules/{key}/credentials',
    operationId: 'issueModuleCredentials',
    ...moduleAccess('modules.install'),
    tags: ['modules'],
    summary: 'Issue (rotate) the credentials of a module’s installation',
    description:
      'New credentials for the module’s installation in the workspace (docs/events.md "Installation ' +
      'credentials"): an API key (`aicm_...`, the module’s server sends it as `Authorization: Bearer` to ' +
      '`POST /events`) and a webhook secret (`whsec_...`, which signs every webhook the shell sends it), ' +
      'or only the `kinds` asked for. Each secret is in this answer once and never again (listed by prefix ' +
      'afterwards). The previous active credentials of those kinds keep working for `overlap_hours` ' +
      '(default 24; 0 revokes them now): `previous_expire_at`. `NOT_FOUND` when the module is not installed ' +
      `in the workspace. At most ${MODULE_CREDENTIAL_ISSUES_PER_10_MINUTES} issues per person and module ` +
      'in 10 minutes (`RATE_LIMITED`). Audited as `module.credentials_issue` (ids and prefixes, never a secret).',
    request: { params: keyParams, body: jsonBody(issueCredentialsRequestSchema) },
    responses: {
      201: jsonResponse(issuedCredentialsSchema, 'The new credentials (shown once)'),
      ...errorResponses([...CREDENTIAL_ERRORS, 'VALIDATION_BLOCKING', 'RATE_LIMITED']),
    },
  });
}

function listRoute() {
  return createRoute({
    method: 'get',
    path: '/modules/{key}/credentials',
    operationId: 'listModuleCredentials',
    ...moduleAccess('modules.install'),
    tags: ['modules'],
    summary: 'The credentials of a module’s installation, without their secrets',
    description:
      'Every credential issued to the module’s installation in the workspace, newest first: kind, prefix, ' +
      'when it was issued, when it stops working (`expires_at`, set by a later issue’s overlap), whether it ' +
      'was revoked and whether it works now (`active`). Never a secret. `NOT_FOUND` when the workspace never ' +
      'installed the module.',
    request: { params: keyParams, query: z.object({ workspace_id: z.uuid() }) },
    responses: {
      200: jsonResponse(
        z.object({ items: z.array(installationCredentialViewSchema) }),
        'The credentials',
      ),
      ...errorResponses(CREDENTIAL_ERRORS),
    },
  });
}

/**
 * A module installation's credentials (docs/events.md "Installation credentials"): issue or
 * rotate them, and list them by prefix. The install answers its first ones (modules/routes.ts).
 */
export function moduleCredentialRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(issueRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    const { deps, context } = c.var;
    await deps.moduleCredentialLimiter.consume(`user:${context.user_id}:module:${key}`);
    const issued = await issueInstallationCredentials(deps.db, context, {
      workspaceId: body.workspace_id,
      moduleKey: key,
      kinds: body.kinds,
      overlapHours: body.overlap_hours,
      ring: deps.secrets,
      correlationId: c.var.correlationId,
    });
    return c.json(issued, 201);
  });

  app.openapi(listRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const { workspace_id: workspaceId } = c.req.valid('query');
    const items = await listInstallationCredentials(c.var.deps.db, c.var.context, {
      workspaceId,
      moduleKey: key,
    });
    return c.json({ items }, 200);
  });

  return app;
}
