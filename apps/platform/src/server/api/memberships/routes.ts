import { createRoute, z } from '@hono/zod-openapi';
import { inviteMember, listWorkspaceMemberships, updateMembership } from '@aiconnected/identity';
import {
  CAPABILITIES,
  inviteResultSchema,
  membershipChangeSchema,
  membershipWithOverridesSchema,
  pageSchema,
  permissionOverrideSchema,
  ROLE_TEMPLATES,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import {
  INVITATIONS_PER_INVITER_PER_HOUR,
  INVITATIONS_PER_WORKSPACE_PER_HOUR,
} from '../guard/rate-limits';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { pageQuery } from '../http/page-query';

function listRoute() {
  return createRoute({
    method: 'get',
    path: '/memberships',
    operationId: 'listMemberships',
    ...declareAccess({ kind: 'in-scope' }),
    tags: ['memberships'],
    summary: 'Memberships of a workspace',
    description:
      'The memberships of a workspace in the caller’s scope (default: the active workspace), oldest first, ' +
      'with their capability overrides; keyset-paginated (follow `next_cursor` until it is null). Another tenant’s workspace is `WORKSPACE_FORBIDDEN`.',
    request: { query: z.object({ workspace_id: z.uuid().optional(), ...pageQuery }) },
    responses: {
      200: jsonResponse(pageSchema(membershipWithOverridesSchema), 'A page of the memberships'),
      ...errorResponses([...GUARD_ERRORS, 'WORKSPACE_FORBIDDEN', 'VALIDATION_BLOCKING']),
    },
  });
}

function inviteRoute() {
  return createRoute({
    method: 'post',
    path: '/memberships',
    operationId: 'inviteMember',
    ...declareAccess({
      kind: 'capability',
      requires: [
        { capabilities: ['users.invite'], scope: 'target-workspace', checked_by: 'domain' },
      ],
      note: 'In `workspace_id`, holding every capability of the role too.',
    }),
    tags: ['memberships'],
    summary: 'Invite a member',
    description:
      'Invites an email address to a workspace with a role. Needs `users.invite` there and every capability ' +
      'of the role (nobody is exempt; `impersonation.super.start` covers `impersonation.agency_business.start`); ' +
      'the role must belong to the workspace’s level. Every address is mailed a single-use invitation link, and ' +
      'nobody becomes a member before accepting it (`POST /auth/invitations/accept`): a new address becomes an ' +
      'invited user without any membership, an existing account is not added, and the pending invitation ' +
      'changes nothing meanwhile (it is listed by `GET /invitations`, not `GET /users`). The answer is the ' +
      'same for both, also for a second invitation (`invite_status: invited`, nothing about the account). A ' +
      'membership in this workspace is `CONFLICT`. Invitation mails, resends included, are limited to ' +
      `${INVITATIONS_PER_INVITER_PER_HOUR} an hour per inviter and ${INVITATIONS_PER_WORKSPACE_PER_HOUR} an hour ` +
      'per workspace (`RATE_LIMITED` with `Retry-After`, nothing written). Audited as `user.invite`.',
    request: {
      body: jsonBody(
        z.object({
          workspace_id: z.uuid(),
          email: z.email().max(320),
          role_template: z.enum(ROLE_TEMPLATES),
        }),
      ),
    },
    responses: {
      201: jsonResponse(
        inviteResultSchema,
        'Invited (the same answer whether the address has an account or not)',
      ),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'CONFLICT',
        'VALIDATION_BLOCKING',
        'RATE_LIMITED',
      ]),
    },
  });
}

function updateRoute() {
  return createRoute({
    method: 'patch',
    path: '/memberships/{id}',
    operationId: 'updateMembership',
    ...declareAccess({
      kind: 'capability',
      requires: [
        { capabilities: ['users.manage'], scope: 'target-workspace', checked_by: 'domain' },
      ],
      note: 'In the workspace of the membership, with the right to assign its old and new role and every role the member holds where the caller governs; never one’s own membership.',
    }),
    tags: ['memberships'],
    summary: 'Change a membership',
    description:
      'Changes the role template, the active flag or the capability overrides (the complete set after the ' +
      'change; `[]` clears them). Needs `users.manage` in the membership’s workspace and the right to assign the ' +
      'old and the new role and every role the member holds in the workspaces the caller governs; granting a ' +
      'capability needs holding it (nobody is exempt). Nobody changes their own membership. A ' +
      'membership outside the scope, or an unknown id, is `WORKSPACE_FORBIDDEN`. Audited as `membership.update`.',
    request: {
      params: z.object({ id: z.uuid().meta({ description: 'Membership id' }) }),
      body: jsonBody(
        z
          .object({
            role_template: z.enum(ROLE_TEMPLATES).optional(),
            active: z.boolean().optional(),
            permission_overrides: z
              .array(permissionOverrideSchema)
              .max(CAPABILITIES.length)
              .optional(),
          })
          .refine(
            (body) => Object.values(body).some((value) => value !== undefined),
            'Provide role_template, active or permission_overrides',
          ),
      ),
    },
    responses: {
      200: jsonResponse(membershipChangeSchema, 'The membership after the change'),
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

/** The membership endpoints of PRD §20.3: list, invite, change. */
export function membershipRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(listRoute(), async (c) => {
    const { workspace_id: workspaceId, cursor, limit } = c.req.valid('query');
    const page = await listWorkspaceMemberships(c.var.deps.db, {
      actor: c.var.context,
      workspaceId,
      cursor,
      limit,
    });
    return c.json(page, 200);
  });

  app.openapi(inviteRoute(), async (c) => {
    const body = c.req.valid('json');
    const result = await inviteMember(c.var.deps.db, c.var.deps.mailer, {
      actor: c.var.context,
      workspaceId: body.workspace_id,
      email: body.email,
      roleTemplate: body.role_template,
      baseUrl: c.var.deps.config.baseUrl,
      correlationId: c.var.correlationId,
      limiter: c.var.deps.invitationLimiter,
    });
    return c.json(result, 201);
  });

  app.openapi(updateRoute(), async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const result = await updateMembership(c.var.deps.db, {
      actor: c.var.context,
      membershipId: id,
      roleTemplate: body.role_template,
      active: body.active,
      permissionOverrides: body.permission_overrides,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 200);
  });

  return app;
}
