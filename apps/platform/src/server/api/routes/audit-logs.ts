import { createRoute, z } from '@hono/zod-openapi';
import { listAuditLogs } from '@aiconnected/identity';
import { requireAuth, requireDatabase } from '../auth';
import { jsonResponse } from '../auth/schemas';
import type { ApiApp, ApiDeps } from '../context';
import { errorResponses } from '../openapi/error-responses';

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
    action: z.string().meta({ description: 'Dotted verb, e.g. workspace.create, user.suspend' }),
    target_type: z.string(),
    target_id: z.string().nullable(),
    metadata_json: z.record(z.string(), z.unknown()).meta({
      description: 'Specifics of the action; `impersonation` names actor and target workspaces',
    }),
    correlation_id: z
      .string()
      .nullable()
      .meta({ description: 'The `x-correlation-id` of the request that acted' }),
    created_at: z.iso.datetime().meta({ description: 'RFC 3339, microseconds' }),
    actor: auditLogPersonSchema
      .nullable()
      .meta({ description: 'The user `actor_user_id` names; null for system actions' }),
    impersonator: auditLogPersonSchema
      .nullable()
      .meta({ description: 'The user `impersonator_user_id` names; null when not impersonating' }),
    target_user: auditLogPersonSchema.nullable().meta({
      description:
        'The user `target_id` names when `target_type` is `user`; null otherwise or when that user no longer exists',
    }),
  })
  .meta({ id: 'AuditLog', description: 'One privileged action (PRD §25.3)' });

const auditLogPageSchema = z
  .object({
    items: z.array(auditLogSchema),
    next_cursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
  })
  .meta({ id: 'AuditLogPage' });

function listRoute(deps: ApiDeps) {
  return createRoute({
    method: 'get',
    path: '/audit-logs',
    tags: ['audit'],
    summary: 'Audit log',
    description:
      'Privileged actions, newest first, for the admins of a workspace (`settings.manage`) and super members, ' +
      'within what they can see. Without `workspace_id`: every workspace whose log the caller may read. ' +
      'Keyset-paginated: follow `next_cursor` until it is null. `from` is inclusive, `to` exclusive. ' +
      'Each entry names its actor, impersonator and target user (id, email, display name), also when they ' +
      'belong to another workspace.',
    middleware: [requireAuth(deps)] as const,
    request: {
      query: z.object({
        workspace_id: z.uuid().optional(),
        action: z.string().min(1).max(128).optional(),
        actor_user_id: z.uuid().optional(),
        target_type: z.string().min(1).max(64).optional(),
        target_id: z.string().min(1).max(256).optional(),
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        cursor: z.string().min(1).max(512).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
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

/** `GET /audit-logs`: the audit trail, filterable and paginated (issue 3, PRD §25.3). */
export function registerAuditLogRoutes(app: ApiApp, deps: ApiDeps): void {
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
}
