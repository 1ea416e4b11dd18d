import { createRoute, z } from '@hono/zod-openapi';
import { listPendingInvitations, resendInvitation, revokeInvitation } from '@aiconnected/identity';
import { requireAuth, requireConfigured, requireDatabase } from '../auth';
import { SESSION_SECURITY } from '../auth/openapi-security';
import { jsonResponse, okSchema } from '../auth/schemas';
import { nextCursor, pageQuery } from '../openapi/page-query';
import type { ApiApp, ApiDeps } from '../context';
import { errorResponses, GUARD_ERRORS } from '../openapi/error-responses';

const invitationSchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid(),
    email: z.string(),
    role_template: z.string(),
    created_at: z.iso.datetime(),
    expires_at: z.iso.datetime(),
    expired: z.boolean().meta({ description: 'The link has expired; resending mails a new one' }),
  })
  .meta({ id: 'PendingInvitation', description: 'An invitation not yet accepted' });

const invitationIdParams = z.object({ id: z.uuid().meta({ description: 'Invitation id' }) });

function listRoute(deps: ApiDeps) {
  return createRoute({
    method: 'get',
    path: '/invitations',
    operationId: 'listPendingInvitations',
    tags: ['memberships'],
    summary: 'Pending invitations of a workspace',
    description:
      'The invitations of a workspace not yet accepted (expired ones included), newest first, for new ' +
      'addresses and existing accounts alike, each with `can_manage`: whether the caller may resend or revoke ' +
      'it; keyset-paginated (follow `next_cursor` until it is null). Needs `users.invite` there (default: the ' +
      'active workspace).',
    security: SESSION_SECURITY,
    middleware: [requireAuth(deps)] as const,
    request: { query: z.object({ workspace_id: z.uuid().optional(), ...pageQuery }) },
    responses: {
      200: jsonResponse(
        z.object({
          items: z.array(invitationSchema.extend({ can_manage: z.boolean() })),
          next_cursor: nextCursor,
        }),
        'A page of the pending invitations',
      ),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

function resendRoute(deps: ApiDeps) {
  return createRoute({
    method: 'post',
    path: '/invitations/{id}/resend',
    operationId: 'resendInvitation',
    tags: ['memberships'],
    summary: 'Send an invitation again',
    description:
      'Mails a pending invitation again with a new link and a new expiry; the old link stops working. ' +
      'Authorised like inviting: `users.invite` in its workspace and the right to assign its role. An ' +
      'invitation the caller cannot see, or one already accepted or revoked, is `NOT_FOUND`. Audited as ' +
      '`user.invitation_resent`.',
    security: SESSION_SECURITY,
    middleware: [requireAuth(deps)] as const,
    request: { params: invitationIdParams },
    responses: {
      200: jsonResponse(z.object({ invitation: invitationSchema }), 'Sent again'),
      ...errorResponses([...GUARD_ERRORS, 'PERMISSION_DENIED', 'NOT_FOUND', 'VALIDATION_BLOCKING']),
    },
  });
}

function revokeRoute(deps: ApiDeps) {
  return createRoute({
    method: 'delete',
    path: '/invitations/{id}',
    operationId: 'revokeInvitation',
    tags: ['memberships'],
    summary: 'Revoke an invitation',
    description:
      'Withdraws a pending invitation: its link stops working (there is no membership to remove: one is ' +
      'created only on acceptance). Authorised like inviting. An invitation the caller cannot see, or one already accepted or ' +
      'revoked, is `NOT_FOUND`. Audited as `user.invitation_revoked`.',
    security: SESSION_SECURITY,
    middleware: [requireAuth(deps)] as const,
    request: { params: invitationIdParams },
    responses: {
      200: jsonResponse(okSchema, 'Revoked'),
      ...errorResponses([...GUARD_ERRORS, 'PERMISSION_DENIED', 'NOT_FOUND', 'VALIDATION_BLOCKING']),
    },
  });
}

/** Pending invitations: list, resend, revoke. */
export function registerPendingInvitationRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(listRoute(deps), async (c) => {
    const { workspace_id: workspaceId, cursor, limit } = c.req.valid('query');
    const actor = c.var.context;
    const page = await listPendingInvitations(requireDatabase(deps), {
      actor,
      workspaceId: workspaceId ?? actor.workspace_id,
      cursor,
      limit,
    });
    return c.json(page, 200);
  });

  app.openapi(resendRoute(deps), async (c) => {
    const { id } = c.req.valid('param');
    const invitation = await resendInvitation(
      requireDatabase(deps),
      requireConfigured(deps.mailer, 'mailer'),
      {
        actor: c.var.context,
        invitationId: id,
        baseUrl: deps.config.baseUrl,
        correlationId: c.var.correlationId,
      },
    );
    return c.json({ invitation }, 200);
  });

  app.openapi(revokeRoute(deps), async (c) => {
    const { id } = c.req.valid('param');
    await revokeInvitation(requireDatabase(deps), {
      actor: c.var.context,
      invitationId: id,
      correlationId: c.var.correlationId,
    });
    return c.json({ ok: true as const }, 200);
  });
}
