import { createRoute, z } from '@hono/zod-openapi';
import { listAuditLogs } from '@aiconnected/identity';
import { AUDIT_ACTIONS, safeText } from '@aiconnected/sdk-contracts';
import type { ApiApp, ApiDeps } from '../context';
import { requireAuth, requireDatabase } from '../guard';
import { createRouter } from '../http/create-router';
import { errorResponses } from '../http/error-responses';
import { jsonResponse } from '../http/json-schemas';
import { nextCursor, pageQuery } from '../http/page-query';

const auditLogPersonSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    display_name: z.string().nullable(),
  })
  .meta({ id: 'AuditLogPerson', description: 'A user an audit log entry names' });

const auditLogSchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid().meta({ description: 'The workspace the action happened in' }),
    actor_user_id: z.uuid().nullable().meta({ description: 'Who acted; null for system actions' }),
    impersonator_user_id: z
      .uuid()
      .nullable()
      .meta({ description: 'The real user behind an action taken while impersonating' }),
    action: z
      .enum(AUDIT_ACTIONS)
      .meta({ description: 'What was done, one of the audited actions' }),
    target_type: z.string(),
    target_id: z.string().nullable(),
    metadata_json: z.record(z.string(), z.unknown()).meta({
      description:
        'Specifics of the action as they were at the time: `people` keeps actor, impersonator and target ' +
        'user (id, email, display name), `impersonation` names actor and target workspaces, a change is ' +
        '`{ from, to }`',
    }),
    correlation_id: z
      .string()
      .nullable()
      .meta({ description: 'The `x-correlation-id` of the request that acted' }),
    created_at: z.iso.datetime().meta({ description: 'RFC 3339, microseconds' }),
    actor: auditLogPersonSchema.nullable().meta({
      description: 'The user `actor_user_id` names, as they were then; null for system actions',
    }),
    impersonator: auditLogPersonSchema.nullable().meta({
      description:
        'The user `impersonator_user_id` names, as they were then; null when not impersonating',
    }),
    target_user: auditLogPersonSchema.nullable().meta({
      description:
        'The person acted on, as they were then: `target_id` when `target_type` is `user`, else ' +
        '`metadata_json.user_id` (memberships, invitations); null for other targets',
    }),
  })
  .meta({ id: 'AuditLog', description: 'One privileged action (PRD §25.3)' });

const auditLogPageSchema = z
  .object({
    items: z.array(auditLogSchema),
    next_cursor: nextCursor,
  })
  .meta({ id: 'AuditLogPage' });

/** An RFC 3339 instant Postgres can store: it has no year 0 (`0000-...` would be a 500). */
const auditInstant = z.iso
  .datetime({ offset: true })
  .refine((value) => !value.startsWith('0000'), 'Year 0000 does not exist: use 0001 or later');

function listRoute(deps: ApiDeps) {
  return createRoute({
    method: 'get',
    path: '/audit-logs',
    operationId: 'listAuditLogs',
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
    middleware: [requireAuth(deps)] as const,
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
export function auditLogRoutes(deps: ApiDeps): ApiApp {
  const app = createRouter();

  app.openapi(listRoute(deps), async (c) => {
    const query = c.req.valid('query');
    const page = await listAuditLogs(requireDatabase(deps), {
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
