import { createRoute, z } from '@hono/zod-openapi';
import {
  createChildWorkspace,
  createWorkspace,
  getWorkspace,
  listWorkspaces,
  updateWorkspace,
} from '@aiconnected/identity';
import {
  pageSchema,
  safeText,
  WORKSPACE_STATUSES,
  WORKSPACE_TYPES,
  workspaceResultSchema,
  workspaceSchema,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { pageQuery } from '../http/page-query';

const workspaceName = safeText(200);
const idParams = z.object({ id: z.uuid().meta({ description: 'Workspace id' }) });
// Every workspace route takes a capability or scope decision, so PERMISSION_DENIED is always possible.
const WORKSPACE_ROUTE_ERRORS = [...GUARD_ERRORS, 'PERMISSION_DENIED'] as const;

function listRoute() {
  return createRoute({
    method: 'get',
    path: '/workspaces',
    operationId: 'listWorkspaces',
    ...declareAccess({ kind: 'in-scope' }),
    tags: ['workspaces'],
    summary: 'Workspaces I can see',
    description:
      'Every workspace visible from the active one: super (in the super workspace) all of them, agency ' +
      'admins/managers their agency and its businesses, everyone else the active workspace. Ordered super, ' +
      'agencies, businesses, then by name; keyset-paginated (follow `next_cursor` until it is null).',
    request: {
      query: z.object({
        type: z.enum(WORKSPACE_TYPES).optional(),
        parent_workspace_id: z
          .uuid()
          .optional()
          .meta({ description: 'Only the children of this workspace' }),
        ...pageQuery,
      }),
    },
    responses: {
      200: jsonResponse(pageSchema(workspaceSchema), 'A page of the workspaces'),
      ...errorResponses([...WORKSPACE_ROUTE_ERRORS, 'WORKSPACE_FORBIDDEN', 'VALIDATION_BLOCKING']),
    },
  });
}

function getRoute() {
  return createRoute({
    method: 'get',
    path: '/workspaces/{id}',
    operationId: 'getWorkspace',
    ...declareAccess({ kind: 'in-scope' }),
    tags: ['workspaces'],
    summary: 'One workspace',
    description:
      'A workspace in the caller’s scope; any other id, existing or not, is `WORKSPACE_FORBIDDEN`.',
    request: { params: idParams },
    responses: {
      200: jsonResponse(workspaceResultSchema, 'The workspace'),
      ...errorResponses([...WORKSPACE_ROUTE_ERRORS, 'WORKSPACE_FORBIDDEN', 'VALIDATION_BLOCKING']),
    },
  });
}

function createWorkspaceRoute() {
  return createRoute({
    method: 'post',
    path: '/workspaces',
    operationId: 'createWorkspace',
    ...declareAccess({
      kind: 'capability',
      requires: [
        { capabilities: ['settings.manage'], scope: 'active-workspace', checked_by: 'guard' },
        { capabilities: ['settings.manage'], scope: 'target-workspace', checked_by: 'domain' },
      ],
      note: 'The target is the new workspace’s parent, `parent_workspace_id` (default: the active workspace); agencies are created only from the super workspace.',
    }),
    tags: ['workspaces'],
    summary: 'Create an agency or a business',
    description:
      'Super (acting in the super workspace, `settings.manage`) creates agencies; an agency admin creates ' +
      'businesses under its agency (the default parent when acting in an agency); `settings.manage` is needed ' +
      'in the active workspace and in the parent. The name must be unique among ' +
      'its siblings (`CONFLICT`); the slug is derived from it. Audited as `workspace.create`.',
    request: {
      body: jsonBody(
        z.object({
          type: z.enum(['agency', 'business']),
          name: workspaceName,
          parent_workspace_id: z.uuid().optional().meta({
            description: 'Default: the super workspace (agency) or the active agency (business)',
          }),
        }),
      ),
    },
    responses: {
      201: jsonResponse(workspaceResultSchema, 'Created'),
      ...errorResponses([
        ...WORKSPACE_ROUTE_ERRORS,
        'WORKSPACE_FORBIDDEN',
        'CONFLICT',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

function createChildRoute() {
  return createRoute({
    method: 'post',
    path: '/workspaces/{id}/children',
    operationId: 'createChildWorkspace',
    ...declareAccess({
      kind: 'capability',
      requires: [
        { capabilities: ['settings.manage'], scope: 'target-workspace', checked_by: 'domain' },
      ],
      note: 'The target is `{id}`, the parent of the new workspace.',
    }),
    tags: ['workspaces'],
    summary: 'Create a child workspace',
    description:
      'Creates a child of a workspace in the caller’s scope: an agency under the super workspace, a business ' +
      'under an agency. A parent outside the scope is `WORKSPACE_FORBIDDEN`; a child type that does not fit the ' +
      'tree is `VALIDATION_BLOCKING`; a suspended parent or a sibling of the same name is `CONFLICT`.',
    request: {
      params: idParams,
      body: jsonBody(z.object({ name: workspaceName, child_type: z.enum(['agency', 'business']) })),
    },
    responses: {
      201: jsonResponse(workspaceResultSchema, 'Created'),
      ...errorResponses([
        ...WORKSPACE_ROUTE_ERRORS,
        'WORKSPACE_FORBIDDEN',
        'CONFLICT',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

function updateRoute() {
  return createRoute({
    method: 'patch',
    path: '/workspaces/{id}',
    operationId: 'updateWorkspace',
    ...declareAccess({
      kind: 'capability',
      requires: [
        { capabilities: ['settings.manage'], scope: 'active-workspace', checked_by: 'domain' },
        {
          capabilities: ['settings.manage'],
          scope: 'target-workspace',
          when: 'to rename it',
          checked_by: 'domain',
        },
        {
          capabilities: ['settings.manage'],
          scope: 'parent-workspace',
          when: 'to change its status',
          checked_by: 'domain',
        },
      ],
      note: 'The target is `{id}`; the super workspace has no parent, so its status is not changeable.',
    }),
    tags: ['workspaces'],
    summary: 'Change workspace settings',
    description:
      'Needs `settings.manage` in the active workspace, and: to rename a workspace, there too (the slug ' +
      'stays); to change its status, in its PARENT (an agency suspends and reactivates its businesses, super ' +
      'its agencies); the super workspace’s status is not changeable. Audited as `workspace.rename`, ' +
      '`workspace.suspend`, `workspace.activate` or `workspace.archive`.',
    request: {
      params: idParams,
      body: jsonBody(
        z
          .object({ name: workspaceName.optional(), status: z.enum(WORKSPACE_STATUSES).optional() })
          .refine(
            (body) => body.name !== undefined || body.status !== undefined,
            'Provide name or status',
          ),
      ),
    },
    responses: {
      200: jsonResponse(workspaceResultSchema, 'The workspace after the change'),
      ...errorResponses([
        ...WORKSPACE_ROUTE_ERRORS,
        'WORKSPACE_FORBIDDEN',
        'CONFLICT',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

/** The workspace endpoints of PRD §20.3: list, read, create, create child, settings. */
export function workspaceRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(listRoute(), async (c) => {
    const { type, parent_workspace_id: parentWorkspaceId, cursor, limit } = c.req.valid('query');
    const page = await listWorkspaces(c.var.deps.db, {
      actor: c.var.context,
      type,
      parentWorkspaceId,
      cursor,
      limit,
    });
    return c.json(page, 200);
  });

  app.openapi(getRoute(), async (c) => {
    const { id } = c.req.valid('param');
    const workspace = await getWorkspace(c.var.deps.db, {
      actor: c.var.context,
      workspaceId: id,
    });
    return c.json({ workspace }, 200);
  });

  app.openapi(createWorkspaceRoute(), async (c) => {
    const body = c.req.valid('json');
    const workspace = await createWorkspace(c.var.deps.db, {
      actor: c.var.context,
      type: body.type,
      name: body.name,
      parentWorkspaceId: body.parent_workspace_id,
      correlationId: c.var.correlationId,
    });
    return c.json({ workspace }, 201);
  });

  app.openapi(createChildRoute(), async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const workspace = await createChildWorkspace(c.var.deps.db, {
      actor: c.var.context,
      parentWorkspaceId: id,
      name: body.name,
      childType: body.child_type,
      correlationId: c.var.correlationId,
    });
    return c.json({ workspace }, 201);
  });

  app.openapi(updateRoute(), async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const workspace = await updateWorkspace(c.var.deps.db, {
      actor: c.var.context,
      workspaceId: id,
      name: body.name,
      status: body.status,
      correlationId: c.var.correlationId,
    });
    return c.json({ workspace }, 200);
  });

  return app;
}
