import { createRoute, z } from '@hono/zod-openapi';
import { mintModuleUiToken } from '@aiconnected/gateway';
import { resolveModuleRuntime, setModuleTokenPermissions } from '@aiconnected/modules';
import {
  BRIDGE_MAX_TOKEN_PERMISSIONS,
  moduleAvailabilitySchema,
  moduleKeySchema,
  moduleRuntimeConfigSchema,
  moduleTokenSchema,
  MODULE_TOKEN_TTL,
  permissionKeySchema,
  ShellError,
  type ErrorCode,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { tokenIssuer } from '../../gateway-services';
import { READ_ONLY_EXTENSION } from '../guard/clear-session-cache';
import { MODULE_TOKENS_PER_MINUTE } from '../guard/rate-limits';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { PAGE_LOOKUP_ERRORS } from '../module-pages/routes';
import { moduleEntryRules } from '../modules/module-entry-rules';
import { moduleAccess } from '../modules/routes';

const keyParams = z.object({
  key: moduleKeySchema.meta({ description: 'The module key (its manifest id)' }),
});

/** The module page path a UI is open at, as `GET /modules/{key}/page` takes it. */
const pagePathSchema = z
  .string()
  .max(2048)
  .regex(/^\/[^?#\s]*$/, 'Must start with / (no query, fragment or spaces)')
  .default('/')
  .meta({ description: 'The path below the module’s mount point, e.g. /notes/42' });

const uniqueKeys = (keys: readonly string[]) => new Set(keys).size === keys.length;

/** The module page lookup's refusals, then the runtime's own (`resolveModuleRuntime`). */
const RUNTIME_ERRORS = [
  ...PAGE_LOOKUP_ERRORS,
  'MANIFEST_INVALID',
] as const satisfies readonly ErrorCode[];

const RUNTIME_GATES =
  'In this order: `WORKSPACE_FORBIDDEN` for a workspace the caller cannot see; `MODULE_NOT_REGISTERED`; ' +
  '`MODULE_NOT_ENABLED` (`details.state`); for a paid module `BILLING_SUSPENDED` / `BILLING_REQUIRED`; ' +
  '`NOT_FOUND` when no admin page matches `path`; `PERMISSION_DENIED` (`details.minimum_role`) below the ' +
  'page’s `minimumRole`; `NOT_FOUND` (`details.reason: "no_frontend"`) for a module without a UI; ' +
  '`MANIFEST_INVALID` (`details.reason`: `entry_url_insecure` for an http entry URL outside local mode, ' +
  '`entry_url_same_origin` for one on the shell’s own origin).';

function runtimeRoute() {
  return createRoute({
    method: 'get',
    path: '/modules/{key}/runtime',
    operationId: 'readModuleRuntime',
    ...declareAccess({
      kind: 'in-scope',
      note: 'Any member who can see the workspace; the page’s minimumRole decides the rest.',
    }),
    tags: ['modules'],
    summary: 'What the module host needs to open a module’s UI',
    description:
      'The sanitised runtime config of an enabled module for the caller (module runtime spec; docs/modules.md ' +
      '"Module UI runtime"): the manifest’s `frontend.entryUrl` and its origin (the iframe and the only ' +
      'postMessage peer), the installation’s settings (the configSchema’s declared properties without `writeOnly` ones at any depth), the ' +
      'manifest’s capabilities, the bridge protocol version, the permissions a UI token may carry for this ' +
      'caller (granted to the module’s UI tokens there and held by the caller) and the admin page `path` ' +
      `opens. ${RUNTIME_GATES}`,
    request: {
      params: keyParams,
      query: z.object({ workspace_id: z.uuid(), path: pagePathSchema }),
    },
    responses: {
      200: jsonResponse(moduleRuntimeConfigSchema, 'The runtime config'),
      ...errorResponses(RUNTIME_ERRORS),
    },
  });
}

function tokenRoute() {
  return createRoute({
    method: 'post',
    path: '/modules/{key}/token',
    operationId: 'createModuleToken',
    ...declareAccess({
      kind: 'in-scope',
      note: 'Any member who may open the module’s UI in their active workspace; only permissions granted to its UI tokens there and held by the caller.',
    }),
    // Mints a token, changes nothing the session cache holds.
    [READ_ONLY_EXTENSION]: true,
    tags: ['modules'],
    summary: 'A short-lived token for a module’s own UI',
    description:
      'An ES256 JWT (`aud` the module key, `use` "module-ui", `ttl_seconds` 10..300, 60 by default) the ' +
      'module’s UI sends to its own backend (verified with `/.well-known/jwks.json`, 10 s leeway), which may ' +
      'call `/api/gateway/{key}/...` with it server to server (the gateway answers no CORS: the UI in its frame ' +
      'does not call it directly). At the gateway it carries only what is still granted to UI tokens and held ' +
      'by the caller, and stops working when the session ends or leaves the workspace. First ' +
      '`VALIDATION_BLOCKING` (`body.workspace_id`) unless `workspace_id` is the caller’s ' +
      `active workspace (the claims describe the caller there), then the gates of \`GET /modules/{key}/runtime\`. ${RUNTIME_GATES} Then ` +
      '`PERMISSION_DENIED` (`details: { module_key, reason: "not_granted", permissions }`) for ' +
      'permissions not granted to the module’s UI tokens there or not held by the caller. At most ' +
      `${MODULE_TOKENS_PER_MINUTE} tokens a minute per user, across their sessions (\`RATE_LIMITED\`). Not audited (a read).`,
    request: {
      params: keyParams,
      body: jsonBody(
        z.object({
          workspace_id: z.uuid(),
          permissions: z
            .array(permissionKeySchema)
            .min(1)
            .max(BRIDGE_MAX_TOKEN_PERMISSIONS)
            .refine(uniqueKeys, 'Permissions must be unique'),
          ttl_seconds: z
            .int()
            .min(MODULE_TOKEN_TTL.min)
            .max(MODULE_TOKEN_TTL.max)
            .default(MODULE_TOKEN_TTL.default),
          path: pagePathSchema,
        }),
      ),
    },
    responses: {
      200: jsonResponse(moduleTokenSchema, 'The token'),
      ...errorResponses([...RUNTIME_ERRORS, 'RATE_LIMITED']),
    },
  });
}

function tokenPermissionsRoute() {
  return createRoute({
    method: 'put',
    path: '/modules/{key}/token-permissions',
    operationId: 'setModuleTokenPermissions',
    ...moduleAccess('modules.install'),
    tags: ['modules'],
    summary: 'Which permissions a module’s UI tokens may carry in a workspace',
    description:
      'Replaces the permissions granted to the module’s UI tokens on its installation (none by default): ' +
      'each must be one of the installed version’s manifest `permissions` (`VALIDATION_BLOCKING`, ' +
      '`body.permissions.<i>`). A token still carries only those its caller holds. The module must be ' +
      'installed there (`MODULE_NOT_ENABLED`, `details.state`). Kept across upgrade and rollback as far as ' +
      'the new manifest still declares them. Audited as `module.token_permissions_update` (`from`, `to`).',
    request: {
      params: keyParams,
      body: jsonBody(
        z.object({
          workspace_id: z.uuid(),
          permissions: z.array(permissionKeySchema).max(200).refine(uniqueKeys, {
            message: 'Permissions must be unique',
          }),
        }),
      ),
    },
    responses: {
      200: jsonResponse(moduleAvailabilitySchema, 'The module in the workspace, with its grants'),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'MODULE_NOT_REGISTERED',
        'MODULE_NOT_ENABLED',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

/**
 * The module UI runtime's endpoints (module runtime spec; docs/modules.md "Module UI runtime"):
 * the runtime config the module host opens an iframe with, the short-lived UI tokens the bridge
 * hands out, and the grants those tokens may carry.
 */
export function moduleRuntimeRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(runtimeRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const { workspace_id: workspaceId, path } = c.req.valid('query');
    const { deps } = c.var;
    const runtime = await resolveModuleRuntime(deps.db, {
      actor: c.var.context,
      activeMemberships: c.var.activeMemberships,
      snapshots: deps.moduleSnapshots,
      workspaceId,
      moduleKey: key,
      path,
      rules: moduleEntryRules(deps.config),
    });
    return c.json(runtime, 200);
  });

  app.openapi(tokenRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    const { deps, context, session } = c.var;
    // Per user: signing in again does not buy a fresh budget.
    await deps.moduleTokenLimiter.consume(`user:${context.user_id}`);
    // The claims describe the caller in the active workspace (role, permissions, impersonation).
    if (body.workspace_id !== context.workspace_id) {
      throw new ShellError('VALIDATION_BLOCKING', 'module token for another workspace', {
        details: {
          issues: [
            {
              path: 'body.workspace_id',
              message: 'Must be your active workspace (switch to it first).',
            },
          ],
        },
      });
    }
    const runtime = await resolveModuleRuntime(deps.db, {
      actor: context,
      activeMemberships: c.var.activeMemberships,
      snapshots: deps.moduleSnapshots,
      workspaceId: body.workspace_id,
      moduleKey: key,
      path: body.path,
      rules: moduleEntryRules(deps.config),
    });
    const missing = body.permissions.filter((key) => !runtime.token_permissions.includes(key));
    if (missing.length > 0) {
      throw new ShellError('PERMISSION_DENIED', 'module token permissions not granted', {
        details: { module_key: key, reason: 'not_granted', permissions: missing },
      });
    }
    const { token, expiresAt } = await mintModuleUiToken(deps.signingKeys, {
      context,
      sessionId: session.id,
      moduleKey: key,
      version: runtime.version,
      permissions: body.permissions,
      ttlSeconds: body.ttl_seconds,
      issuer: tokenIssuer(deps.config.baseUrl),
      correlationId: c.var.correlationId,
    });
    return c.json(
      {
        token,
        token_type: 'Bearer' as const,
        expires_at: expiresAt.toISOString(),
        permissions: body.permissions,
        audience: key,
      },
      200,
    );
  });

  app.openapi(tokenPermissionsRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    const item = await setModuleTokenPermissions(c.var.deps.db, {
      actor: c.var.context,
      workspaceId: body.workspace_id,
      moduleKey: key,
      permissions: body.permissions,
      correlationId: c.var.correlationId,
    });
    return c.json(item, 200);
  });

  return app;
}
