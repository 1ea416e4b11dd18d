import { createRoute, z } from '@hono/zod-openapi';
import { readModuleNavigation, resolveModulePage } from '@aiconnected/modules';
import {
  moduleKeySchema,
  moduleNavigationListSchema,
  modulePageResolutionSchema,
  type ErrorCode,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonResponse } from '../http/json-schemas';
import { moduleEntryRules } from '../modules/module-entry-rules';

/** The module page lookup's refusals (`resolveModulePage`); the runtime config adds its own. */
export const PAGE_LOOKUP_ERRORS = [
  ...GUARD_ERRORS,
  'WORKSPACE_FORBIDDEN',
  'MODULE_NOT_REGISTERED',
  'MODULE_NOT_ENABLED',
  'BILLING_SUSPENDED',
  'BILLING_REQUIRED',
  'NOT_FOUND',
  'PERMISSION_DENIED',
  'VALIDATION_BLOCKING',
] as const satisfies readonly ErrorCode[];

function resolveRoute() {
  return createRoute({
    method: 'get',
    path: '/modules/{key}/page',
    operationId: 'resolveModulePage',
    ...declareAccess({
      kind: 'in-scope',
      note: 'Any member who can see the workspace; the page’s minimumRole decides the rest.',
    }),
    tags: ['modules'],
    summary: 'The module page a shell path opens',
    description:
      'What the shell’s module page route (`/w/{workspace}/m/{key}{path}`) shows: the enabled module’s name, ' +
      'installed version and the admin page `path` matches (literal segments before `:params`). In this ' +
      'order: `WORKSPACE_FORBIDDEN` for a workspace the caller cannot see; `MODULE_NOT_REGISTERED` for a key ' +
      'without a registered current version; `MODULE_NOT_ENABLED` (`details.state`) unless it is enabled ' +
      'there; for a paid module whose workspace billing is suspended, canceled or missing ' +
      '`BILLING_SUSPENDED` / `BILLING_REQUIRED` (`details.reason`; grace still allows use); `NOT_FOUND` for a path no admin page matches; `PERMISSION_DENIED` (`details.minimum_role`) when ' +
      'the caller’s role there does not satisfy the page’s `minimumRole` (docs/modules.md "Who may do what").',
    request: {
      params: z.object({ key: moduleKeySchema }),
      query: z.object({
        workspace_id: z.uuid(),
        path: z
          .string()
          .max(2048)
          .regex(/^\/[^?#\s]*$/, 'Must start with / (no query, fragment or spaces)')
          .default('/')
          .meta({ description: 'The path below the module’s mount point, e.g. /notes/42' }),
      }),
    },
    responses: {
      200: jsonResponse(modulePageResolutionSchema, 'The page, for an enabled module'),
      ...errorResponses(PAGE_LOOKUP_ERRORS),
    },
  });
}

function navigationRoute() {
  return createRoute({
    method: 'get',
    path: '/modules/navigation',
    operationId: 'readModuleNavigation',
    ...declareAccess({
      kind: 'in-scope',
      note: 'Any member who can see the workspace; each entry’s page minimumRole decides which entries are listed.',
    }),
    tags: ['modules'],
    summary: 'The enabled modules’ sidebar links in a workspace',
    description:
      'What the app layout shows in the sidebar’s Modules group on every page: each enabled module (by key) ' +
      'whose billing lets the workspace use it, with the admin navigation entries the caller’s role may open ' +
      '(`/w/{workspace_id}/m/{key}{path}`, by `order` then label); a module without such an entry is left ' +
      'out. The same entries as `GET /modules/available` gives those modules, without the admin list. In the ' +
      'caller’s active workspace it is answered from the process’s module cache (NOTIFY-invalidated, ' +
      'docs/modules.md).',
    request: { query: z.object({ workspace_id: z.uuid() }) },
    responses: {
      200: jsonResponse(moduleNavigationListSchema, 'The navigation'),
      ...errorResponses([...GUARD_ERRORS, 'WORKSPACE_FORBIDDEN', 'VALIDATION_BLOCKING']),
    },
  });
}

/** The module page route's lookup and the layout's module navigation (docs/modules.md "Screens"). */
export function modulePageRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(resolveRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const { workspace_id: workspaceId, path } = c.req.valid('query');
    const resolution = await resolveModulePage(c.var.deps.db, {
      actor: c.var.context,
      activeMemberships: c.var.activeMemberships,
      snapshots: c.var.deps.moduleSnapshots,
      workspaceId,
      moduleKey: key,
      path,
      rules: moduleEntryRules(c.var.deps.config),
    });
    return c.json(resolution, 200);
  });

  app.openapi(navigationRoute(), async (c) => {
    const { workspace_id: workspaceId } = c.req.valid('query');
    const navigation = await readModuleNavigation(c.var.deps.db, {
      actor: c.var.context,
      activeMemberships: c.var.activeMemberships,
      snapshots: c.var.deps.moduleSnapshots,
      workspaceId,
    });
    return c.json(navigation, 200);
  });

  return app;
}
