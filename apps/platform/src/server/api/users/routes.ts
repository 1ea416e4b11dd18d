import { createRoute, z } from '@hono/zod-openapi';
import {
  createResetLink,
  listWorkspaceUsers,
  requestEmailChange,
  updateUser,
} from '@aiconnected/identity';
import {
  emailChangeRequestSchema,
  resetLinkSentSchema,
  safeText,
  userResultSchema,
  workspaceUserPageSchema,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { clientAddress } from '../guard';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { pageQuery } from '../http/page-query';

const idParams = z.object({ id: z.uuid().meta({ description: 'User id' }) });

function listRoute() {
  return createRoute({
    method: 'get',
    path: '/users',
    operationId: 'listUsers',
    ...declareAccess({ kind: 'in-scope' }),
    tags: ['users'],
    summary: 'Users of a workspace',
    description:
      'The members of a workspace in the caller’s scope (default: the active workspace) with their role, ' +
      'membership state and account status, by email, each with the actions the caller may take on them ' +
      '(`allowed_actions`), and the roles the caller may grant in that workspace (`assignable_roles`). ' +
      'Keyset-paginated by email: follow `next_cursor` until it is null. Another tenant’s workspace is ' +
      '`WORKSPACE_FORBIDDEN`.',
    request: { query: z.object({ workspace_id: z.uuid().optional(), ...pageQuery }) },
    responses: {
      200: jsonResponse(workspaceUserPageSchema, 'The users'),
      ...errorResponses([...GUARD_ERRORS, 'WORKSPACE_FORBIDDEN', 'VALIDATION_BLOCKING']),
    },
  });
}

function updateRoute() {
  return createRoute({
    method: 'patch',
    path: '/users/{id}',
    operationId: 'updateUser',
    ...declareAccess({
      kind: 'capability',
      requires: [
        {
          capabilities: ['users.manage'],
          scope: 'active-workspace',
          when: 'to change another user’s profile',
          checked_by: 'domain',
        },
        {
          capabilities: ['users.manage'],
          scope: 'active-workspace',
          when: 'to change a status',
          checked_by: 'domain',
        },
      ],
      note: 'With the user manageable (in scope and holding no role the caller could not assign); nobody changes their own status.',
    }),
    tags: ['users'],
    summary: 'Change a user’s profile or status',
    description:
      '`profile.display_name`: oneself, or `users.manage` with the user manageable. `status` (`suspended` / ' +
      '`active`): `users.manage` with the user manageable, never oneself; suspending ends their sessions at ' +
      'once. Manageable: in scope (every workspace that governs their account is one where the caller holds ' +
      '`users.manage`), else `WORKSPACE_FORBIDDEN`, also for an unknown id; and the caller may assign every ' +
      'role they hold in the workspaces it governs, else `PERMISSION_DENIED` (a manager never acts on an ' +
      'admin). Both changes are applied in one transaction: when either is refused, ' +
      'neither is made. Audited as `user.suspend`, `user.reactivate`, `user.profile_update`.',
    request: {
      params: idParams,
      body: jsonBody(
        z
          .object({
            profile: z.object({ display_name: safeText(200) }).optional(),
            status: z.enum(['active', 'suspended']).optional(),
          })
          .refine(
            (body) => body.profile !== undefined || body.status !== undefined,
            'Provide profile or status',
          ),
      ),
    },
    responses: {
      200: jsonResponse(userResultSchema, 'The user after the change'),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

function emailRoute() {
  return createRoute({
    method: 'patch',
    path: '/users/{id}/email',
    operationId: 'changeUserEmail',
    ...declareAccess({
      kind: 'capability',
      requires: [
        {
          capabilities: ['users.email.update'],
          scope: 'active-workspace',
          when: 'to change another user’s email',
          checked_by: 'domain',
        },
      ],
      note: 'With the user manageable.',
    }),
    tags: ['users'],
    summary: 'Change a user’s email (with verification)',
    description:
      'Mails a single-use verification link to the new address; the account’s email changes only when it is ' +
      'followed (`POST /auth/email/verify`). The old address is told, with a link that cancels the change ' +
      'while it is pending (`POST /auth/email/cancel`). When the new address already has an account, its ' +
      'owner gets a notice instead of a link, and the answer is the same. Oneself, or `users.email.update` ' +
      'with the user manageable (see `PATCH /users/{id}`). Limited per IP, per new address and per account ' +
      '(`RATE_LIMITED`). Audited as `user.email_change_requested`.',
    request: { params: idParams, body: jsonBody(z.object({ new_email: z.email().max(320) })) },
    responses: {
      200: jsonResponse(
        emailChangeRequestSchema,
        'Verification mailed; the user is unchanged until it is confirmed',
      ),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'RATE_LIMITED',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

function resetLinkRoute() {
  return createRoute({
    method: 'post',
    path: '/users/{id}/password-reset-link',
    operationId: 'createPasswordResetLink',
    ...declareAccess({
      kind: 'capability',
      requires: [
        { capabilities: ['users.password.reset'], scope: 'active-workspace', checked_by: 'domain' },
      ],
      note: 'With the user manageable.',
    }),
    tags: ['users'],
    summary: 'Send a password reset link (admin-triggered)',
    description:
      'PRD §13 "admin-triggered password reset links for in-scope users": mails the user a single-use reset ' +
      'link to their own address. The caller never sees a password or the token. Needs `users.password.reset` ' +
      'with the user manageable (see `PATCH /users/{id}`); a suspended user is `CONFLICT` (reactivate first). Audited as ' +
      '`user.password_reset_link`.',
    request: { params: idParams },
    responses: {
      200: jsonResponse(resetLinkSentSchema, 'The link was mailed to the user'),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'CONFLICT',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

/** The user endpoints of PRD §20.3 and the admin-triggered reset link of §13. */
export function userRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(listRoute(), async (c) => {
    const { workspace_id: workspaceId, cursor, limit } = c.req.valid('query');
    const result = await listWorkspaceUsers(c.var.deps.db, {
      actor: c.var.context,
      workspaceId,
      cursor,
      limit,
    });
    return c.json(result, 200);
  });

  app.openapi(updateRoute(), async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const result = await updateUser(c.var.deps.db, {
      actor: c.var.context,
      userId: id,
      displayName: body.profile?.display_name,
      status: body.status,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 200);
  });

  app.openapi(emailRoute(), async (c) => {
    const { id } = c.req.valid('param');
    const { new_email: newEmail } = c.req.valid('json');
    const result = await requestEmailChange(
      c.var.deps.db,
      c.var.deps.mailer,
      c.var.deps.resetLimiter,
      {
        actor: c.var.context,
        userId: id,
        newEmail,
        baseUrl: c.var.deps.config.baseUrl,
        correlationId: c.var.correlationId,
        ip: clientAddress(c, c.var.deps.config.trustProxy) ?? undefined,
      },
    );
    return c.json(result, 200);
  });

  app.openapi(resetLinkRoute(), async (c) => {
    const { id } = c.req.valid('param');
    const result = await createResetLink(c.var.deps.db, c.var.deps.mailer, {
      actor: c.var.context,
      userId: id,
      baseUrl: c.var.deps.config.baseUrl,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 200);
  });

  return app;
}
