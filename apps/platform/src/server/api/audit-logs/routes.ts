import { createRoute, z } from '@hono/zod-openapi';
import { listAuditLogs } from '@aiconnected/identity';
import { AUDIT_ACTIONS, auditLogPageSchema, safeText } from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses } from '../http/error-responses';
import { jsonResponse } from '../http/json-schemas';
import { pageQuery } from '../http/page-query';

/** An RFC 3339 instant Postgres can store: it has no year 0 (`0000-...` would be a 500). */
const auditInstant = z.iso
  .datetime({ offset: true })
  .refine((value) => !value.startsWith('0000'), 'Year 0000 does not exist: use 0001 or later');

function listRoute() {
  return createRoute({
    method: 'get',
    path: '/audit-logs',
    operationId: 'listAuditLogs',
    ...declareAccess({
      kind: 'capability',
      requires: [
        {
          capabilities: ['settings.manage'],
          scope: 'target-workspace',
          when: 'with `workspace_id`',
          checked_by: 'domain',
        },
        {
          capabilities: ['settings.manage'],
          scope: 'active-workspace',
          when: 'without `workspace_id` (every workspace whose log the caller may read is listed)',
          checked_by: 'domain',
        },
      ],
      note: 'Members of the super workspace need neither.',
    }),
    tags: ['audit'],
    summary: 'Audit log',
    description:
      'Privileged actions, newest first, for the admins of a workspace (`settings.manage`) and super members, ' +
      'within what they can see. Without `workspace_id`: every workspace whose log the caller may read. ' +
      'Keyset-paginated: follow `next_cursor` until it is null. `from` is inclusive, `to` exclusive; a ' +
      '`from` later than `to` is `VALIDATION_BLOCKING`. Each entry names its actor, impersonator and ' +
      'target user (id, email, display name) as they were when it was written, also when they belong to ' +
      "another workspace. An impersonation start or stop is recorded in the actor's and the target's " +
      'workspace; without `workspace_id` it is listed once.',
    request: {
      query: z.object({
        workspace_id: z.uuid().optional(),
        action: z.enum(AUDIT_ACTIONS).optional(),
        actor_user_id: z.uuid().optional(),
        target_type: safeText(64).optional(),
        target_id: safeText(256).optional(),
        from: auditInstant.optional(),
        to: auditInstant.optional(),
        ...pageQuery,
      }),
    },
    responses: {
      200: jsonResponse(auditLogPageSchema, 'A page of the audit log'),
      ...errorResponses([
        'AUTH_REQUIRED',
        'SESSION_INVALID',
        'WORKSPACE_REQUIRED',
        'WORKSPACE_FORBIDDEN',
        'PERMISSION_DENIED',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

/** `GET /audit-logs`: the audit trail, filterable and paginated (PRD §25.3). */
export function auditLogRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(listRoute(), async (c) => {
    const query = c.req.valid('query');
    const page = await listAuditLogs(c.var.deps.db, {
      actor: c.var.context,
      workspaceId: query.workspace_id,
      action: query.action,
      actorUserId: query.actor_user_id,
      targetType: query.target_type,
      targetId: query.target_id,
      from: query.from,
      to: query.to,
      cursor: query.cursor,
      limit: query.limit,
    });
    return c.json(page, 200);
  });

  return app;
}
