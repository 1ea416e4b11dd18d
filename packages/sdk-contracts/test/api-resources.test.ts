import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as contracts from '@aiconnected/sdk-contracts';
import {
  NOT_IMPERSONATING,
  auditLogPageSchema,
  effectivePermissionsViewSchema,
  impersonationResultSchema,
  invitationAcceptedSchema,
  inviteResultSchema,
  linkDescriptionSchema,
  membershipChangeSchema,
  membershipWithOverridesSchema,
  pageSchema,
  pendingInvitationSchema,
  listedInvitationSchema,
  sessionSummarySchema,
  sessionViewSchema,
  signInResultSchema,
  userResultSchema,
  workspaceResultSchema,
  workspaceSchema,
  workspaceSwitchResultSchema,
  workspaceUserPageSchema,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { expectContract } from './expect-contract';
import { OTHER_ID, USER_ID, WORKSPACE_ID } from './fixtures';

const AT = '2025-01-31T12:00:00.000Z';
const SESSION_ID = '9d2e4c1a-7b3f-4e8d-a5c6-1f0e2d3c4b5a';

const workspace = {
  id: WORKSPACE_ID,
  type: 'agency',
  parent_workspace_id: OTHER_ID,
  name: 'Acme Agency',
  slug: 'acme-agency',
  status: 'active',
  created_at: AT,
  updated_at: AT,
};

const context: WorkspaceContext = {
  user_id: USER_ID,
  session_id: SESSION_ID,
  workspace_id: WORKSPACE_ID,
  role_template: 'agency_admin',
  permissions: ['users.invite'],
  impersonation: NOT_IMPERSONATING,
};

const option = {
  id: WORKSPACE_ID,
  name: 'Acme Agency',
  type: 'agency',
  role_template: 'agency_admin',
};
const person = { id: USER_ID, email: 'ada@acme.example', display_name: 'Ada' };

describe('API resources (PRD §20.3): one schema each, snake_case', () => {
  it('Workspace and its result', () => {
    expectContract(workspaceSchema, workspace, {
      'unknown type': { type: 'tenant' },
      'unknown status': { status: 'deleted' },
      'camelCase parent': { parent_workspace_id: undefined, parentWorkspaceId: OTHER_ID },
      'date not RFC 3339': { created_at: '31/01/2025' },
    });
    expect(workspaceResultSchema.parse({ workspace })).toStrictEqual({ workspace });
  });

  it('a page is items and next_cursor', () => {
    const page = pageSchema(workspaceSchema);
    expectContract(
      page,
      { items: [workspace], next_cursor: null },
      {
        'no cursor': { next_cursor: undefined },
        'item not a workspace': { items: [{ id: WORKSPACE_ID }] },
      },
    );
  });

  it('WorkspaceUser page with assignable roles', () => {
    const user = {
      id: USER_ID,
      email: 'ada@acme.example',
      display_name: null,
      status: 'active',
      membership_id: OTHER_ID,
      role_template: 'agency_manager',
      active: true,
      created_at: AT,
      allowed_actions: ['edit_profile', 'suspend'],
    };
    expectContract(
      workspaceUserPageSchema,
      { items: [user], next_cursor: 'abc', assignable_roles: ['agency_user'] },
      {
        'unknown action': { items: [{ ...user, allowed_actions: ['delete'] }] },
        'unknown role': { assignable_roles: ['owner'] },
      },
    );
  });

  it('User result', () => {
    const user = { ...person, status: 'suspended', created_at: AT, updated_at: AT };
    expectContract(
      userResultSchema,
      { user },
      {
        'unknown status': { user: { ...user, status: 'deleted' } },
      },
    );
  });

  it('Membership with overrides and a membership change', () => {
    const membership = {
      id: OTHER_ID,
      workspace_id: WORKSPACE_ID,
      user_id: USER_ID,
      role_template: 'business_user',
      active: true,
      invited_by_user_id: null,
      created_at: AT,
      updated_at: AT,
    };
    const overrides = [{ permission: 'users.invite', allow: true }];
    expectContract(
      membershipWithOverridesSchema,
      { ...membership, permission_overrides: overrides },
      {
        'unknown capability': {
          permission_overrides: [{ permission: 'users.delete', allow: true }],
        },
      },
    );
    expectContract(
      membershipChangeSchema,
      { membership, permission_overrides: [] },
      {
        'no membership': { membership: undefined },
      },
    );
  });

  it('Invitations: sent, pending, listed', () => {
    const invitation = {
      workspace_id: WORKSPACE_ID,
      email: 'bo@acme.example',
      role_template: 'agency_user',
      expires_at: AT,
    };
    expectContract(
      inviteResultSchema,
      { invitation, invite_status: 'invited' },
      {
        'unknown role': { invitation: { ...invitation, role_template: 'owner' } },
        'other status': { invite_status: 'added' },
      },
    );
    const pending = {
      id: OTHER_ID,
      workspace_id: WORKSPACE_ID,
      email: 'bo@acme.example',
      role_template: 'agency_user',
      created_at: AT,
      expires_at: AT,
      expired: false,
    };
    expectContract(pendingInvitationSchema, pending, { 'no expiry flag': { expired: undefined } });
    expectContract(
      listedInvitationSchema,
      { ...pending, can_manage: true },
      {
        'no can_manage': { can_manage: undefined },
      },
    );
  });

  it('Audit log page', () => {
    const entry = {
      id: OTHER_ID,
      workspace_id: WORKSPACE_ID,
      actor_user_id: USER_ID,
      impersonator_user_id: null,
      action: 'workspace.rename',
      target_type: 'workspace',
      target_id: WORKSPACE_ID,
      metadata_json: { name: { from: 'Acme', to: 'Acme Agency' } },
      correlation_id: 'req-1',
      created_at: '2025-01-31T12:00:00.123456Z',
      actor: person,
      impersonator: null,
      target_user: null,
    };
    expectContract(
      auditLogPageSchema,
      { items: [entry], next_cursor: null },
      {
        'unknown action': { items: [{ ...entry, action: 'workspace.delete' }] },
        'person without email': {
          items: [{ ...entry, actor: { id: USER_ID, display_name: null } }],
        },
      },
    );
  });

  it('Session view, summary and sign-in result', () => {
    const view = {
      user: person,
      session: { id: SESSION_ID, expires_at: AT },
      context,
      workspace_options: [option],
      destination: '/agency',
      impersonation: {
        active: true,
        actor_user_id: USER_ID,
        actor_workspace: { id: OTHER_ID, name: 'Acme' },
        target_workspace: { id: WORKSPACE_ID, name: 'Shop' },
      },
    };
    expectContract(sessionViewSchema, view, {
      'unknown destination': { destination: '/admin' },
      'option without type': { workspace_options: [{ ...option, type: undefined }] },
    });
    expect(sessionViewSchema.parse({ ...view, context: null })).toMatchObject({ context: null });

    expectContract(
      sessionSummarySchema,
      {
        id: SESSION_ID,
        current: true,
        created_at: AT,
        last_seen_at: AT,
        expires_at: AT,
        user_agent: null,
        ip: '127.0.0.1',
        active_workspace_id: null,
        impersonating: false,
      },
      { 'camelCase field': { last_seen_at: undefined, lastSeenAt: AT } },
    );

    const signIn = {
      session: { access_token: 'token', expires_at: AT, user_id: USER_ID },
      workspace_options: [option],
      default_workspace_id: WORKSPACE_ID,
    };
    expectContract(signInResultSchema, signIn, { 'no options': { workspace_options: undefined } });
    expectContract(
      invitationAcceptedSchema,
      { status: 'accepted', ...signIn },
      {
        'other status': { status: 'pending' },
      },
    );
  });

  it('Context changes: switch and impersonation', () => {
    expectContract(
      workspaceSwitchResultSchema,
      { effective_context: context, destination: '/agency' },
      {
        'no context': { effective_context: null },
      },
    );
    expectContract(
      impersonationResultSchema,
      {
        impersonation_state: NOT_IMPERSONATING,
        effective_context: null,
        destination: '/select-workspace',
      },
      { 'unknown destination': { destination: '/home' } },
    );
    expectContract(
      effectivePermissionsViewSchema,
      {
        effective_permissions: ['users.invite'],
        role_template: 'agency_admin',
        workspace_id: WORKSPACE_ID,
        impersonation: NOT_IMPERSONATING,
      },
      { 'canonical field name': { effective_permissions: undefined, permissions: [] } },
    );
  });

  it('Link description', () => {
    expectContract(
      linkDescriptionSchema,
      {
        purpose: 'invitation',
        email: 'bo@acme.example',
        display_name: null,
        workspace_name: 'Acme',
        has_password: false,
        expires_at: AT,
      },
      { 'unknown purpose': { purpose: 'email_change' } },
    );
  });

  it('named resources are OpenAPI components', () => {
    const { $defs = {} } = z.toJSONSchema(
      z.object({ a: workspaceResultSchema, b: sessionViewSchema, c: auditLogPageSchema }),
      { target: 'draft-2020-12' },
    ) as { $defs?: Record<string, unknown> };
    expect(Object.keys($defs)).toEqual(
      expect.arrayContaining([
        'Workspace',
        'WorkspaceResult',
        'SessionView',
        'WorkspaceOption',
        'Destination',
        'AuditLog',
        'AuditLogPerson',
        'AuditLogPage',
      ]),
    );
  });

  it('gives each meta id to one schema, so the OpenAPI document has one component per name', () => {
    const owners = new Map<string, string>();
    for (const [name, value] of Object.entries(contracts as Record<string, unknown>)) {
      if (!(value instanceof z.ZodType)) continue;
      const id = value.meta()?.id;
      if (typeof id !== 'string') continue;
      expect(owners.get(id), `${name} and ${owners.get(id)} both claim ${id}`).toBeUndefined();
      owners.set(id, name);
    }
    expect(owners.size).toBeGreaterThan(40);
  });
});
