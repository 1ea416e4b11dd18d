import { createRoute, z } from '@hono/zod-openapi';
import {
  acceptInvitationWithOptions,
  listPendingInvitations,
  resendInvitation,
  revokeInvitation,
} from '@aiconnected/identity';
import {
  invitationAcceptedSchema,
  listedInvitationSchema,
  okSchema,
  pageSchema,
  pendingInvitationResultSchema,
} from '@aiconnected/sdk-contracts';
import { linkTokenSchema, newPasswordSchema } from '../http/emailed-link-schemas';
import type { FeatureApp } from '../context';
import { clientAddress, sessionCookie } from '../guard';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { INVITATIONS_PER_INVITER_PER_HOUR } from '../guard/rate-limits';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { pageQuery } from '../http/page-query';

const invitationIdParams = z.object({ id: z.uuid().meta({ description: 'Invitation id' }) });

function listRoute() {
  return createRoute({
    method: 'get',
    path: '/invitations',
    operationId: 'listPendingInvitations',
    ...declareAccess({
      kind: 'capability',
      requires: [
        { capabilities: ['users.invite'], scope: 'target-workspace', checked_by: 'domain' },
      ],
      note: 'In `workspace_id`, by default the active workspace.',
    }),
    tags: ['memberships'],
    summary: 'Pending invitations of a workspace',
    description:
      'The invitations of a workspace not yet accepted (expired ones included), newest first, for new ' +
      'addresses and existing accounts alike, each with `can_manage`: whether the caller may resend or revoke ' +
      'it; keyset-paginated (follow `next_cursor` until it is null). Needs `users.invite` there (default: the ' +
      'active workspace).',
    request: { query: z.object({ workspace_id: z.uuid().optional(), ...pageQuery }) },
    responses: {
      200: jsonResponse(pageSchema(listedInvitationSchema), 'A page of the pending invitations'),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

/** Resending and revoking are authorised alike: as inviting, in the invitation's workspace. */
const MANAGE_INVITATION_ACCESS = declareAccess({
  kind: 'capability',
  requires: [{ capabilities: ['users.invite'], scope: 'target-workspace', checked_by: 'domain' }],
  note: 'In the invitation’s workspace, with the right to assign its role.',
});

const MANAGE_INVITATION_ERRORS = errorResponses([
  ...GUARD_ERRORS,
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'VALIDATION_BLOCKING',
]);

function resendRoute() {
  return createRoute({
    method: 'post',
    path: '/invitations/{id}/resend',
    operationId: 'resendInvitation',
    ...MANAGE_INVITATION_ACCESS,
    tags: ['memberships'],
    summary: 'Send an invitation again',
    description:
      'Mails a pending invitation again with a new link and a new expiry; the old link stops working. ' +
      'Authorised like inviting: `users.invite` in its workspace and the right to assign its role (a caller ' +
      'holding `users.invite` nowhere is `PERMISSION_DENIED` whatever the id). An invitation the caller ' +
      'cannot see, or one already accepted or revoked, is `NOT_FOUND`. A resend counts as an invitation ' +
      `mail (\`POST /memberships\`: ${INVITATIONS_PER_INVITER_PER_HOUR} an hour per inviter and a limit per ` +
      'workspace; `RATE_LIMITED` with `Retry-After`, nothing changed). Audited as `user.invitation_resent`.',
    request: { params: invitationIdParams },
    responses: {
      200: jsonResponse(pendingInvitationResultSchema, 'Sent again'),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'NOT_FOUND',
        'VALIDATION_BLOCKING',
        'RATE_LIMITED',
      ]),
    },
  });
}

function revokeRoute() {
  return createRoute({
    method: 'delete',
    path: '/invitations/{id}',
    operationId: 'revokeInvitation',
    ...MANAGE_INVITATION_ACCESS,
    tags: ['memberships'],
    summary: 'Revoke an invitation',
    description:
      'Withdraws a pending invitation: its link stops working (there is no membership to remove: one is ' +
      'created only on acceptance). Authorised like inviting (a caller holding `users.invite` nowhere is ' +
      '`PERMISSION_DENIED` whatever the id). An invitation the caller cannot see, or one already accepted or ' +
      'revoked, is `NOT_FOUND`. Audited as `user.invitation_revoked`.',
    request: { params: invitationIdParams },
    responses: {
      200: jsonResponse(okSchema, 'Revoked'),
      ...MANAGE_INVITATION_ERRORS,
    },
  });
}

const acceptBody = z.object({
  token: linkTokenSchema,
  password: newPasswordSchema,
  display_name: z.string().max(200).optional(),
});

const acceptRoute = createRoute({
  method: 'post',
  path: '/auth/invitations/accept',
  operationId: 'acceptInvitation',
  ...declareAccess({
    kind: 'public',
    note: 'The emailed link’s token is the credential (an existing account also gives its password).',
  }),
  tags: ['auth'],
  summary: 'Accept an invitation',
  description:
    'Spends the invitation token from the emailed link and adds the membership it names. A new account sets ' +
    'its password (and optionally the display name) and becomes active; an existing account (`has_password` ' +
    'in `POST /auth/links/inspect`) gives its current password instead (wrong: `AUTH_REQUIRED`, the link ' +
    'stays usable) and keeps its name; the workspaces that already govern it keep their control. Then the ' +
    'person is signed in (cookie and token, as sign-in does), starting in the invitation’s workspace. An ' +
    'unknown, used or expired link is `SESSION_INVALID`.',
  request: { body: jsonBody(acceptBody) },
  responses: {
    200: jsonResponse(
      invitationAcceptedSchema,
      'Accepted and signed in; `Set-Cookie: shell_session=...`',
    ),
    ...errorResponses(['AUTH_REQUIRED', 'SESSION_INVALID', 'VALIDATION_BLOCKING']),
  },
});

/**
 * Pending invitations: list, resend, revoke; and `POST /auth/invitations/accept` (no session
 * needed: the link is the proof).
 */
export function invitationRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(listRoute(), async (c) => {
    const { workspace_id: workspaceId, cursor, limit } = c.req.valid('query');
    const page = await listPendingInvitations(c.var.deps.db, {
      actor: c.var.context,
      workspaceId,
      cursor,
      limit,
    });
    return c.json(page, 200);
  });

  app.openapi(resendRoute(), async (c) => {
    const { id } = c.req.valid('param');
    const invitation = await resendInvitation(c.var.deps.db, c.var.deps.mailer, {
      actor: c.var.context,
      invitationId: id,
      baseUrl: c.var.deps.config.baseUrl,
      correlationId: c.var.correlationId,
      limiter: c.var.deps.invitationLimiter,
    });
    return c.json({ invitation }, 200);
  });

  app.openapi(revokeRoute(), async (c) => {
    const { id } = c.req.valid('param');
    await revokeInvitation(c.var.deps.db, {
      actor: c.var.context,
      invitationId: id,
      correlationId: c.var.correlationId,
    });
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(acceptRoute, async (c) => {
    const { token, password, display_name: displayName } = c.req.valid('json');
    const accepted = await acceptInvitationWithOptions(c.var.deps.db, {
      token,
      password,
      displayName,
      failureLimiter: c.var.deps.signInLimiter,
      ip: clientAddress(c, c.var.deps.config.trustProxy),
      userAgent: c.req.header('user-agent') ?? null,
      ttlHours: c.var.deps.config.sessionTtlHours,
      correlationId: c.var.correlationId,
    });
    sessionCookie.set(c, accepted.session.access_token, c.var.deps.config);
    return c.json(accepted, 200);
  });

  return app;
}
