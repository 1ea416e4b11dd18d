import { describe, expect, it } from 'vitest';
import type { TestDatabase } from '@aiconnected/db/testing';
import { ROLE_SCOPE, ROLE_TEMPLATES } from '@aiconnected/permissions';
import { ERROR_STATUS, type ErrorCode } from '@aiconnected/sdk-contracts';
import type { ApiApp } from '@/server/api/context';
import {
  as,
  correlationIdOf,
  createTestApi,
  seedRoleTree,
  setupApiTest,
  signInAs,
  snapshotTables,
  type MemberLabel,
  type RoleTree,
  type TreeKey,
} from '@/server/api/testing';
import {
  listTenantIdInputs,
  readOpenApiDocument,
  readRequestInput,
  type InputName,
  type TenantIdInput,
} from '@/server/api/testing/tenant-id-inputs';

// The cross-tenant matrix: every endpoint that takes a tenant-owned id (a uuid, found in the
// OpenAPI document by `listTenantIdInputs`), called by every role of one tenant tree (plainly
// and while impersonating) with the ids of the other tree, is refused with
// WORKSPACE_FORBIDDEN or PERMISSION_DENIED (the impersonation and switch endpoints with their
// own refusals, what only its owner can see with NOT_FOUND; a filter may answer an empty
// page), names nothing of the other tree, and changes nothing in the database. A route that
// takes such an id fails the coverage test below until it has an entry in ENDPOINTS.

/** The ids of one tenant tree an endpoint is aimed at. */
interface Target {
  agency: string;
  business: string;
  agencyMembership: string;
  businessMembership: string;
  agencyUser: string;
  businessUser: string;
  /** A user with audit rows in its tree (it invited someone). */
  auditedUser: string;
  /** A pending invitation to the tree's business. */
  invitation: string;
  /** A live session of the tree's business user. */
  session: string;
  /** A clean, active logo of the tree's business. */
  asset: string;
  /** A verified custom domain of the tree's business. */
  domain: string;
  /** An event of the tree's business, with a dead-lettered delivery (`delivery`). */
  event: string;
  delivery: string;
  /** An active provider connection of the tree's business. */
  connection: string;
}

interface MatrixEndpoint {
  name: string;
  /** The operation of the OpenAPI document it calls (`operationId`). */
  operation: string;
  /** The input of that operation it gives the other tree's id. */
  input: InputName;
  /** The refusals this endpoint may give an out-of-tree caller. */
  codes?: readonly ErrorCode[];
  /** A filter, not a target: it may also answer 200 with an empty page. */
  mayAnswerEmptyPage?: true;
  request(target: Target): { method: string; path: string; body?: unknown };
}

const TENANT_REFUSALS: readonly ErrorCode[] = ['WORKSPACE_FORBIDDEN', 'PERMISSION_DENIED'];
/** What only its owner (or its workspace's inviters) can see answers as if it did not exist. */
const OWNER_ONLY_REFUSALS: readonly ErrorCode[] = ['NOT_FOUND'];
/** An invitation: as if it did not exist, or PERMISSION_DENIED to one holding no users.invite. */
const INVITATION_REFUSALS: readonly ErrorCode[] = [...OWNER_ONLY_REFUSALS, 'PERMISSION_DENIED'];
const IMPERSONATION_REFUSALS: readonly ErrorCode[] = [
  ...TENANT_REFUSALS,
  'IMPERSONATION_FORBIDDEN',
  'IMPERSONATION_SCOPE_FORBIDDEN',
];

const ENDPOINTS: readonly MatrixEndpoint[] = [
  {
    name: 'GET /workspaces/{agency}',
    operation: 'getWorkspace',
    input: 'path.id',
    request: (t) => ({ method: 'GET', path: `/workspaces/${t.agency}` }),
  },
  {
    name: 'GET /workspaces/{business}',
    operation: 'getWorkspace',
    input: 'path.id',
    request: (t) => ({ method: 'GET', path: `/workspaces/${t.business}` }),
  },
  {
    name: 'GET /workspaces?parent_workspace_id',
    operation: 'listWorkspaces',
    input: 'query.parent_workspace_id',
    request: (t) => ({ method: 'GET', path: `/workspaces?parent_workspace_id=${t.agency}` }),
  },
  {
    name: 'POST /workspaces (parent)',
    operation: 'createWorkspace',
    input: 'body.parent_workspace_id',
    request: (t) => ({
      method: 'POST',
      path: '/workspaces',
      body: { type: 'business', name: 'Intruder', parent_workspace_id: t.agency },
    }),
  },
  {
    name: 'POST /workspaces/{id}/children',
    operation: 'createChildWorkspace',
    input: 'path.id',
    request: (t) => ({
      method: 'POST',
      path: `/workspaces/${t.agency}/children`,
      body: { name: 'Intruder', child_type: 'business' },
    }),
  },
  {
    name: 'PATCH /workspaces/{id} name',
    operation: 'updateWorkspace',
    input: 'path.id',
    request: (t) => ({
      method: 'PATCH',
      path: `/workspaces/${t.business}`,
      body: { name: 'Intruder' },
    }),
  },
  {
    name: 'PATCH /workspaces/{id} status',
    operation: 'updateWorkspace',
    input: 'path.id',
    request: (t) => ({
      method: 'PATCH',
      path: `/workspaces/${t.business}`,
      body: { status: 'suspended' },
    }),
  },
  {
    name: 'GET /memberships?workspace_id',
    operation: 'listMemberships',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/memberships?workspace_id=${t.business}` }),
  },
  {
    name: 'GET /invitations?workspace_id',
    operation: 'listPendingInvitations',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/invitations?workspace_id=${t.business}` }),
  },
  {
    name: 'POST /memberships',
    operation: 'inviteMember',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'POST',
      path: '/memberships',
      body: {
        workspace_id: t.business,
        email: 'intruder@example.test',
        role_template: 'business_user',
      },
    }),
  },
  {
    name: 'PATCH /memberships/{id} active',
    operation: 'updateMembership',
    input: 'path.id',
    request: (t) => ({
      method: 'PATCH',
      path: `/memberships/${t.businessMembership}`,
      body: { active: false },
    }),
  },
  {
    name: 'PATCH /memberships/{id} role',
    operation: 'updateMembership',
    input: 'path.id',
    request: (t) => ({
      method: 'PATCH',
      path: `/memberships/${t.agencyMembership}`,
      body: { role_template: 'agency_admin' },
    }),
  },
  {
    name: 'PATCH /memberships/{id} overrides',
    operation: 'updateMembership',
    input: 'path.id',
    request: (t) => ({
      method: 'PATCH',
      path: `/memberships/${t.businessMembership}`,
      body: { permission_overrides: [{ permission: 'users.manage', allow: true }] },
    }),
  },
  {
    name: 'GET /users?workspace_id',
    operation: 'listUsers',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/users?workspace_id=${t.agency}` }),
  },
  {
    name: 'PATCH /users/{id} profile',
    operation: 'updateUser',
    input: 'path.id',
    request: (t) => ({
      method: 'PATCH',
      path: `/users/${t.businessUser}`,
      body: { profile: { display_name: 'Intruder' } },
    }),
  },
  {
    name: 'PATCH /users/{id} status',
    operation: 'updateUser',
    input: 'path.id',
    request: (t) => ({
      method: 'PATCH',
      path: `/users/${t.agencyUser}`,
      body: { status: 'suspended' },
    }),
  },
  {
    name: 'PATCH /users/{id}/email',
    operation: 'changeUserEmail',
    input: 'path.id',
    request: (t) => ({
      method: 'PATCH',
      path: `/users/${t.businessUser}/email`,
      body: { new_email: 'intruder@example.test' },
    }),
  },
  {
    name: 'POST /users/{id}/password-reset-link',
    operation: 'createPasswordResetLink',
    input: 'path.id',
    request: (t) => ({ method: 'POST', path: `/users/${t.businessUser}/password-reset-link` }),
  },
  {
    name: 'GET /audit-logs?workspace_id',
    operation: 'listAuditLogs',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/audit-logs?workspace_id=${t.business}` }),
  },
  {
    name: 'GET /audit-logs?actor_user_id',
    operation: 'listAuditLogs',
    input: 'query.actor_user_id',
    mayAnswerEmptyPage: true,
    request: (t) => ({ method: 'GET', path: `/audit-logs?actor_user_id=${t.auditedUser}` }),
  },
  {
    name: 'GET /themes/current?workspace_id',
    operation: 'getCurrentTheme',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/themes/current?workspace_id=${t.business}` }),
  },
  {
    name: 'PUT /themes/current',
    operation: 'saveCurrentTheme',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'PUT',
      path: '/themes/current',
      body: { workspace_id: t.business, theme_tokens: {}, change_note: 'Cross-tenant probe' },
    }),
  },
  {
    name: 'GET /themes/versions?workspace_id',
    operation: 'listThemeVersions',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/themes/versions?workspace_id=${t.business}` }),
  },
  {
    name: 'POST /themes/rollback',
    operation: 'rollbackTheme',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'POST',
      path: '/themes/rollback',
      body: { workspace_id: t.business, version: 1, change_note: 'Cross-tenant probe' },
    }),
  },
  {
    name: 'GET /themes/current/css?workspace_id',
    operation: 'exportThemeCss',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/themes/current/css?workspace_id=${t.business}` }),
  },
  {
    name: 'POST /branding/assets/logo-upload-url',
    operation: 'createBrandingAssetUploadUrl',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'POST',
      path: '/branding/assets/logo-upload-url',
      body: {
        workspace_id: t.business,
        asset_type: 'logo',
        mime_type: 'image/png',
        size_bytes: 68,
      },
    }),
  },
  {
    name: 'GET /branding/assets?workspace_id',
    operation: 'listBrandingAssets',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/branding/assets?workspace_id=${t.business}` }),
  },
  {
    // The signed URL is the credential: another tree's asset id without its signature.
    name: 'PUT /branding/assets/{id}/upload',
    operation: 'uploadBrandingAsset',
    input: 'path.id',
    codes: ['BRANDING_ASSET_INVALID'],
    request: (t) => ({
      method: 'PUT',
      path: `/branding/assets/${t.asset}/upload?expires=1&signature=forged`,
    }),
  },
  {
    name: 'POST /branding/assets/{id}/activate',
    operation: 'activateBrandingAsset',
    input: 'path.id',
    codes: INVITATION_REFUSALS,
    request: (t) => ({ method: 'POST', path: `/branding/assets/${t.asset}/activate` }),
  },
  {
    name: 'POST /branding/assets/{id}/deactivate',
    operation: 'deactivateBrandingAsset',
    input: 'path.id',
    codes: INVITATION_REFUSALS,
    request: (t) => ({ method: 'POST', path: `/branding/assets/${t.asset}/deactivate` }),
  },
  {
    name: 'GET /domains?workspace_id',
    operation: 'listDomains',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/domains?workspace_id=${t.business}` }),
  },
  {
    name: 'POST /domains',
    operation: 'addDomain',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'POST',
      path: '/domains',
      body: { workspace_id: t.business, host: 'cross-tenant.acme.example' },
    }),
  },
  {
    name: 'POST /domains/{id}/verify',
    operation: 'verifyDomain',
    input: 'path.id',
    request: (t) => ({ method: 'POST', path: `/domains/${t.domain}/verify` }),
  },
  {
    name: 'DELETE /domains/{id}',
    operation: 'removeDomain',
    input: 'path.id',
    request: (t) => ({ method: 'DELETE', path: `/domains/${t.domain}` }),
  },
  // Per-workspace modules: refused for the other tree's workspace before the key is looked up.
  {
    name: 'GET /modules/available?workspace_id',
    operation: 'listAvailableModules',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/modules/available?workspace_id=${t.business}` }),
  },
  ...(
    [
      ['installModule', 'install'],
      ['enableModule', 'enable'],
      ['disableModule', 'disable'],
      ['upgradeModule', 'upgrade'],
      ['rollbackModuleInstallation', 'rollback'],
      ['checkModuleHealth', 'health-check'],
    ] as const
  ).map(([operation, action]): MatrixEndpoint => ({
    name: `POST /modules/{key}/${action}`,
    operation,
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'POST',
      path: `/modules/cross-tenant-probe/${action}`,
      body: { workspace_id: t.business, to_version: '2.0.0', consent: true },
    }),
  })),
  {
    name: 'DELETE /modules/{key}/uninstall?workspace_id',
    operation: 'uninstallModule',
    input: 'query.workspace_id',
    request: (t) => ({
      method: 'DELETE',
      path: `/modules/cross-tenant-probe/uninstall?workspace_id=${t.business}`,
    }),
  },
  {
    name: 'DELETE /modules/{key}/uninstall {workspace_id}',
    operation: 'uninstallModule',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'DELETE',
      path: '/modules/cross-tenant-probe/uninstall',
      body: { workspace_id: t.business },
    }),
  },
  {
    name: 'GET /modules/{key}/upgrade?workspace_id',
    operation: 'previewModuleUpgrade',
    input: 'query.workspace_id',
    request: (t) => ({
      method: 'GET',
      path: `/modules/cross-tenant-probe/upgrade?workspace_id=${t.business}`,
    }),
  },
  {
    // The module page route's lookup (H4b): refused before the key is looked up.
    name: 'GET /modules/{key}/page?workspace_id',
    operation: 'resolveModulePage',
    input: 'query.workspace_id',
    request: (t) => ({
      method: 'GET',
      path: `/modules/cross-tenant-probe/page?workspace_id=${t.business}&path=/`,
    }),
  },
  {
    // The module UI runtime: refused for the other tree's workspace before the key is looked up.
    name: 'GET /modules/{key}/runtime?workspace_id',
    operation: 'readModuleRuntime',
    input: 'query.workspace_id',
    request: (t) => ({
      method: 'GET',
      path: `/modules/cross-tenant-probe/runtime?workspace_id=${t.business}&path=/`,
    }),
  },
  {
    // Refused as not the caller's active workspace before anything is looked up.
    name: 'POST /modules/{key}/token',
    operation: 'createModuleToken',
    input: 'body.workspace_id',
    codes: [...TENANT_REFUSALS, 'VALIDATION_BLOCKING'],
    request: (t) => ({
      method: 'POST',
      path: '/modules/cross-tenant-probe/token',
      body: { workspace_id: t.business, permissions: ['cross-tenant-probe.items.read'] },
    }),
  },
  {
    name: 'POST /modules/{key}/credentials',
    operation: 'issueModuleCredentials',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'POST',
      path: '/modules/cross-tenant-probe/credentials',
      body: { workspace_id: t.business },
    }),
  },
  {
    name: 'GET /modules/{key}/credentials?workspace_id',
    operation: 'listModuleCredentials',
    input: 'query.workspace_id',
    request: (t) => ({
      method: 'GET',
      path: `/modules/cross-tenant-probe/credentials?workspace_id=${t.business}`,
    }),
  },
  {
    name: 'PUT /modules/{key}/token-permissions',
    operation: 'setModuleTokenPermissions',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'PUT',
      path: '/modules/cross-tenant-probe/token-permissions',
      body: { workspace_id: t.business, permissions: [] },
    }),
  },
  {
    // The layout's module navigation: refused for the other tree's workspace (never cached).
    name: 'GET /modules/navigation?workspace_id',
    operation: 'readModuleNavigation',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/modules/navigation?workspace_id=${t.business}` }),
  },
  {
    name: 'GET /modules/policy?workspace_id',
    operation: 'readModulePolicy',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/modules/policy?workspace_id=${t.business}` }),
  },
  {
    name: 'PUT /modules/policy',
    operation: 'updateModulePolicy',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'PUT',
      path: '/modules/policy',
      body: { workspace_id: t.agency, businesses_may_manage: true },
    }),
  },
  {
    name: 'GET /branding/login-screen?workspace_id',
    operation: 'getLoginScreen',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/branding/login-screen?workspace_id=${t.business}` }),
  },
  {
    name: 'PUT /branding/login-screen',
    operation: 'saveLoginScreen',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'PUT',
      path: '/branding/login-screen',
      body: { workspace_id: t.business, branding_profile: { copy: { headline: 'Ours now' } } },
    }),
  },
  {
    // The other tree's logo (login-screens.test.ts also offers it for the caller's own page).
    name: 'PUT /branding/login-screen with the other tree’s logo',
    operation: 'saveLoginScreen',
    input: 'body.branding_profile.logo_asset_id',
    request: (t) => ({
      method: 'PUT',
      path: '/branding/login-screen',
      body: { workspace_id: t.business, branding_profile: { logo_asset_id: t.asset } },
    }),
  },
  // The event bus (docs/events.md "API"): events.manage in the workspace the request names.
  {
    name: 'POST /events {workspace_id}',
    operation: 'emitEvent',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'POST',
      path: '/events',
      body: {
        workspace_id: t.business,
        event_name: 'cross-tenant-events.item.created',
        payload: {},
        idempotency_key: 'cross-tenant',
      },
    }),
  },
  {
    name: 'POST /events/batch {workspace_id}',
    operation: 'emitEvents',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'POST',
      path: '/events/batch',
      body: {
        workspace_id: t.business,
        events: [
          {
            event_name: 'cross-tenant-events.item.created',
            payload: {},
            idempotency_key: 'cross-tenant',
          },
        ],
      },
    }),
  },
  {
    name: 'GET /events?workspace_id',
    operation: 'listEvents',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/events?workspace_id=${t.business}` }),
  },
  ...(['path.event_id', 'query.workspace_id'] as const).map((input) => ({
    name: `GET /events/{event_id}?workspace_id (${input})`,
    operation: 'getEvent',
    input,
    request: (t: Target) => ({
      method: 'GET',
      path: `/events/${t.event}?workspace_id=${t.business}`,
    }),
  })),
  {
    name: 'GET /events/dead-letter?workspace_id',
    operation: 'listDeadLetters',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/events/dead-letter?workspace_id=${t.business}` }),
  },
  ...(['retry', 'skip'] as const).flatMap((action) =>
    (['path.delivery_id', 'body.workspace_id'] as const).map((input) => ({
      name: `POST /events/deliveries/{delivery_id}/${action} (${input})`,
      operation: action === 'retry' ? 'retryEventDelivery' : 'skipEventDelivery',
      input,
      request: (t: Target) => ({
        method: 'POST',
        path: `/events/deliveries/${t.delivery}/${action}`,
        body: { workspace_id: t.business },
      }),
    })),
  ),
  {
    name: 'POST /events/replay',
    operation: 'replayEvents',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'POST',
      path: '/events/replay',
      body: { workspace_id: t.business, stream: 'default' },
    }),
  },
  {
    name: 'GET /events/subscriptions?workspace_id',
    operation: 'listEventSubscriptions',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/events/subscriptions?workspace_id=${t.business}` }),
  },
  {
    name: 'POST /events/subscriptions/{module_key}/resume',
    operation: 'resumeEventEndpoint',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'POST',
      path: '/events/subscriptions/cross-tenant-events/resume',
      body: { workspace_id: t.business },
    }),
  },
  // Credentials (design 13 §5): credentials.inheritance.manage in the workspace the request names.
  {
    name: 'POST /credentials/resolve {workspace_id}',
    operation: 'resolveCredential',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'POST',
      path: '/credentials/resolve',
      body: { workspace_id: t.business, provider_key: 'github' },
    }),
  },
  {
    name: 'GET /credentials/policies?workspace_id',
    operation: 'getCredentialPolicy',
    input: 'query.workspace_id',
    request: (t) => ({
      method: 'GET',
      path: `/credentials/policies?workspace_id=${t.business}&provider_key=github`,
    }),
  },
  {
    name: 'PUT /credentials/policies {workspace_id}',
    operation: 'putCredentialPolicy',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'PUT',
      path: '/credentials/policies',
      body: {
        workspace_id: t.business,
        provider_key: 'github',
        resolution_order: ['business', 'agency', 'super'],
        allow_parent_fallback: true,
        fallback_when_invalid: true,
        allowed_scopes: null,
        expected_version: 0,
      },
    }),
  },
  {
    name: 'GET /credentials/policies/history?workspace_id',
    operation: 'listCredentialPolicyHistory',
    input: 'query.workspace_id',
    request: (t) => ({
      method: 'GET',
      path: `/credentials/policies/history?workspace_id=${t.business}&provider_key=github`,
    }),
  },
  {
    name: 'GET /credentials/resolutions?workspace_id',
    operation: 'listCredentialResolutions',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/credentials/resolutions?workspace_id=${t.agency}` }),
  },
  {
    name: 'GET /credentials/resolutions?subject_workspace_id',
    operation: 'listCredentialResolutions',
    input: 'query.subject_workspace_id',
    mayAnswerEmptyPage: true,
    request: (t) => ({
      method: 'GET',
      path: `/credentials/resolutions?workspace_id=${t.agency}&subject_workspace_id=${t.business}`,
    }),
  },
  // Integrations (design 13 §5): integrations.manage in the workspace the request names.
  {
    name: 'GET /integrations/providers?workspace_id',
    operation: 'listIntegrationProviders',
    input: 'query.workspace_id',
    request: (t) => ({ method: 'GET', path: `/integrations/providers?workspace_id=${t.business}` }),
  },
  {
    name: 'POST /integrations/providers/composio/connect',
    operation: 'connectIntegration',
    input: 'body.workspace_id',
    request: (t) => ({
      method: 'POST',
      path: '/integrations/providers/composio/connect',
      body: {
        workspace_id: t.business,
        provider_key: 'github',
        provider_account_ref: 'cross-tenant',
        scopes: ['repo'],
      },
    }),
  },
  ...(['body.workspace_id', 'body.connection_id'] as const).map((input) => ({
    name: `POST /integrations/providers/composio/disconnect (${input})`,
    operation: 'disconnectIntegration',
    input,
    request: (t: Target) => ({
      method: 'POST',
      path: '/integrations/providers/composio/disconnect',
      body: { workspace_id: t.business, connection_id: t.connection },
    }),
  })),
  {
    name: 'GET /integrations/providers/composio/connections?workspace_id',
    operation: 'listIntegrationConnections',
    input: 'query.workspace_id',
    request: (t) => ({
      method: 'GET',
      path: `/integrations/providers/composio/connections?workspace_id=${t.business}`,
    }),
  },
  {
    name: 'POST /invitations/{id}/resend',
    operation: 'resendInvitation',
    input: 'path.id',
    codes: INVITATION_REFUSALS,
    request: (t) => ({ method: 'POST', path: `/invitations/${t.invitation}/resend` }),
  },
  {
    name: 'DELETE /invitations/{id}',
    operation: 'revokeInvitation',
    input: 'path.id',
    codes: INVITATION_REFUSALS,
    request: (t) => ({ method: 'DELETE', path: `/invitations/${t.invitation}` }),
  },
  {
    name: 'DELETE /auth/sessions/{id}',
    operation: 'revokeSession',
    input: 'path.id',
    codes: OWNER_ONLY_REFUSALS,
    request: (t) => ({ method: 'DELETE', path: `/auth/sessions/${t.session}` }),
  },
  {
    name: 'POST /workspaces/switch',
    operation: 'switchWorkspace',
    input: 'body.workspace_id',
    codes: IMPERSONATION_REFUSALS,
    request: (t) => ({
      method: 'POST',
      path: '/workspaces/switch',
      body: { workspace_id: t.business },
    }),
  },
  {
    name: 'POST /auth/impersonation/start',
    operation: 'startImpersonation',
    input: 'body.target_workspace_id',
    codes: IMPERSONATION_REFUSALS,
    request: (t) => ({
      method: 'POST',
      path: '/auth/impersonation/start',
      body: { target_workspace_id: t.business, reason: 'Cross-tenant probe' },
    }),
  },
];

/** A caller: a member of one tree, optionally impersonating a workspace of its own tree first. */
interface Caller {
  name: string;
  member: MemberLabel;
  impersonate?: TreeKey;
  /** The tree whose ids it is aimed at. */
  against: 'A' | 'B';
}

/** Every role of a tenant tree: the agency and business role templates. */
const TREE_ROLES = ROLE_TEMPLATES.filter((role) => ROLE_SCOPE[role] !== 'super');
const plainCallers = (own: 'A' | 'B', against: 'A' | 'B'): Caller[] =>
  TREE_ROLES.map((role) => {
    const member = (
      role.startsWith('agency') ? `${own}.${role}` : `${own}1.${role}`
    ) as MemberLabel;
    return { name: member, member, against };
  });

const CALLERS: readonly Caller[] = [
  ...plainCallers('A', 'B'),
  ...plainCallers('B', 'A'),
  {
    name: 'A.agency_admin impersonating A1',
    member: 'A.agency_admin',
    impersonate: 'A1',
    against: 'B',
  },
  {
    name: 'B.agency_manager impersonating B1',
    member: 'B.agency_manager',
    impersonate: 'B1',
    against: 'A',
  },
  {
    name: 'S.super_admin impersonating A',
    member: 'S.super_admin',
    impersonate: 'A',
    against: 'B',
  },
  {
    name: 'S.super_admin impersonating B1',
    member: 'S.super_admin',
    impersonate: 'B1',
    against: 'A',
  },
];

let database: TestDatabase;
let tree: RoleTree;
let api: ApiApp;
const tokens = new Map<string, string>();
const targets = {} as Record<'A' | 'B', Target>;
/** Names and emails of each tree: a refusal must quote none of them. */
const secrets = {} as Record<'A' | 'B', string[]>;
let baseline: Record<string, string>;

setupApiTest(seedRoleTree, async (setup) => {
  ({ database, tree, api } = setup);
  for (const caller of CALLERS) {
    // A session of its own per caller, so an impersonating session does not affect the plain one.
    const token = await signInAs(api, tree.members[caller.member]);
    if (caller.impersonate) {
      const started = await api.request(
        '/api/auth/impersonation/start',
        as(token, 'POST', {
          target_workspace_id: tree.workspaces[caller.impersonate].id,
          reason: 'Cross-tenant matrix',
        }),
      );
      expect(started.status, await started.clone().text()).toBe(200);
    }
    tokens.set(caller.name, token);
  }
  for (const own of ['A', 'B'] as const) {
    const business = `${own}1` as const;
    targets[own] = {
      agency: tree.workspaces[own].id,
      business: tree.workspaces[business].id,
      agencyMembership: tree.members[`${own}.agency_user`].membershipId,
      businessMembership: tree.members[`${business}.business_user`].membershipId,
      agencyUser: tree.members[`${own}.agency_user`].id,
      businessUser: tree.members[`${business}.business_user`].id,
      auditedUser: tree.members[`${own}.agency_admin`].id,
      invitation: await inviteSomeone(own),
      session: await sessionIdOf(`${business}.business_user`),
      asset: await seedActiveLogo(tree.workspaces[business].id),
      domain: await seedVerifiedDomain(tree.workspaces[business].id, own),
      ...(await seedDeadLetter(tree.workspaces[business].id)),
      connection: await seedConnection(tree.workspaces[business].id),
    };
    secrets[own] = [
      ...Object.values(tree.workspaces)
        .filter((w) => w.name.includes(own === 'A' ? 'Northwind' : 'Contoso'))
        .map((w) => w.name),
      ...Object.values(tree.members)
        .filter((m) => m.home.startsWith(own))
        .flatMap((m) => [m.email, m.displayName]),
    ];
  }
  baseline = await snapshotTables(database);
});

/** A clean, active logo in `workspaceId` (as the service would leave an accepted upload); its id. */
async function seedActiveLogo(workspaceId: string): Promise<string> {
  const { rows } = await database.admin.query<{ id: string }>(
    `insert into public.branding_assets
       (workspace_id, asset_type, storage_path, mime_type, size_bytes, scan_status, uploaded_at, active)
     values ($1, 'logo', $2, 'image/png', 68, 'clean', now(), true) returning id`,
    [workspaceId, `${'0'.repeat(63)}${workspaceId === tree.workspaces.A1.id ? 'a' : 'b'}.png`],
  );
  return rows[0]?.id ?? '';
}

/** A verified custom domain in `workspaceId` (as the checker would leave it); its id. */
async function seedVerifiedDomain(workspaceId: string, own: 'A' | 'B'): Promise<string> {
  const { rows } = await database.admin.query<{ id: string }>(
    `insert into public.workspace_domains (workspace_id, host, verification_token, status, verified_at)
     values ($1, $2, repeat('t', 32), 'verified', now()) returning id`,
    [workspaceId, `login-${own.toLowerCase()}-${tree.tag}.acme.example`],
  );
  return rows[0]?.id ?? '';
}

/**
 * An event in `workspaceId` with a dead-lettered delivery to an enabled installation, as emit
 * and the delivery runtime leave them (the module a draft registry row: nothing reads it).
 */
async function seedDeadLetter(workspaceId: string): Promise<{ event: string; delivery: string }> {
  await database.admin.query(
    `insert into public.module_registry (module_key, version, manifest_json)
     values ('cross-tenant-events', '1.0.0', '{}') on conflict do nothing`,
  );
  const { rows } = await database.admin.query<{ event: string; delivery: string }>(
    `with i as (
       insert into public.module_installations (workspace_id, module_key, module_version, state)
       values ($1, 'cross-tenant-events', '1.0.0', 'enabled') returning id, workspace_id),
     e as (
       insert into public.events (workspace_id, event_name, source, stream, payload_json,
                                  correlation_id, idempotency_key)
       values ($1, 'cross-tenant-events.item.created', '/modules/cross-tenant-events', 'default',
               '{}', 'cross-tenant', 'cross-tenant-seed')
       returning id, workspace_id, stream, sequence)
     insert into public.event_deliveries (event_id, workspace_id, installation_id, module_key, kind,
                                          stream, sequence, state, attempts, dead_lettered_at)
     select e.id, e.workspace_id, i.id, 'cross-tenant-events', 'event', e.stream, e.sequence,
            'dead_letter', 8, now()
       from e, i
     returning event_id as event, id as delivery`,
    [workspaceId],
  );
  const [row] = rows;
  if (!row) throw new Error('no dead letter seeded');
  return row;
}

/** An active provider connection of `workspaceId`, as the OAuth callback leaves it; its id. */
async function seedConnection(workspaceId: string): Promise<string> {
  const { rows } = await database.admin.query<{ id: string }>(
    `insert into public.integration_connections
       (workspace_id, provider_key, provider_account_ref, status, connected_at)
     values ($1, 'github', 'cross-tenant', 'active', now()) returning id`,
    [workspaceId],
  );
  return rows[0]?.id ?? '';
}

/** A pending invitation to the tree's business, sent by its agency admin; its id. */
async function inviteSomeone(own: 'A' | 'B'): Promise<string> {
  const token = await signInAs(api, tree.members[`${own}.agency_admin`]);
  const workspaceId = tree.workspaces[`${own}1`].id;
  const invited = await api.request(
    '/api/memberships',
    as(token, 'POST', {
      workspace_id: workspaceId,
      email: `pending-${own.toLowerCase()}-${tree.tag}@example.test`,
      role_template: 'business_user',
    }),
  );
  expect(invited.status, await invited.clone().text()).toBe(201);
  const listed = await api.request(
    `/api/invitations?workspace_id=${workspaceId}`,
    as(token, 'GET'),
  );
  const { items } = (await listed.json()) as { items: { id: string }[] };
  const [invitation] = items;
  if (items.length !== 1 || !invitation) throw new Error(`expected one invitation in ${own}1`);
  return invitation.id;
}

/** The id of the session a plain caller signed in with. */
async function sessionIdOf(caller: MemberLabel): Promise<string> {
  const response = await api.request('/api/auth/session', as(tokens.get(caller) ?? '', 'GET'));
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { session: { id: string } }).session.id;
}

describe.each(CALLERS)('$name with the ids of tree $against', (caller) => {
  it.each(ENDPOINTS)('$name is refused and changes nothing', async (endpoint) => {
    const token = tokens.get(caller.name);
    if (!token) throw new Error(`no session for ${caller.name}`);
    const { method, path, body } = endpoint.request(targets[caller.against]);

    const response = await api.request(`/api${path}`, as(token, method, body));
    const text = await response.text();
    const answer = JSON.parse(text) as { error: { code: ErrorCode; details?: unknown } };
    const codes = endpoint.codes ?? TENANT_REFUSALS;

    if (endpoint.mayAnswerEmptyPage && response.status === 200) {
      expect(answer, text).toStrictEqual({ items: [], next_cursor: null });
    } else {
      expectRefusal(response, answer, text, codes);
    }
    for (const secret of secrets[caller.against]) expect(text).not.toContain(secret);
    expect(await snapshotTables(database)).toStrictEqual(baseline);
  });
});

function expectRefusal(
  response: Response,
  envelope: { error: { code: ErrorCode } },
  text: string,
  codes: readonly ErrorCode[],
): void {
  expect(envelope, text).toStrictEqual({
    error: {
      code: expect.toBeOneOf([...codes]),
      message: expect.any(String),
      ...('details' in envelope.error ? { details: expect.any(Object) } : {}),
      correlation_id: correlationIdOf(response),
    },
  });
  expect(response.status).toBe(ERROR_STATUS[envelope.error.code]);
}

it('every plain caller can reach its own tree (the matrix is not refusing everything)', async () => {
  for (const caller of CALLERS.filter((candidate) => candidate.impersonate === undefined)) {
    const own = caller.against === 'A' ? 'B' : 'A';
    const token = tokens.get(caller.name) ?? '';
    const response = await api.request(
      `/api/workspaces/${tree.workspaces[tree.members[caller.member].home].id}`,
      as(token, 'GET'),
    );
    expect(response.status, `${caller.name} reading its own workspace in tree ${own}`).toBe(200);
  }
});

describe('the matrix', () => {
  /** Distinct ids for every field of a target, to see which one a request carries where. */
  const probe: Target = {
    agency: '00000000-0000-4000-8000-00000000000a',
    business: '00000000-0000-4000-8000-00000000000b',
    agencyMembership: '00000000-0000-4000-8000-00000000000c',
    businessMembership: '00000000-0000-4000-8000-00000000000d',
    agencyUser: '00000000-0000-4000-8000-00000000000e',
    businessUser: '00000000-0000-4000-8000-00000000000f',
    auditedUser: '00000000-0000-4000-8000-000000000010',
    invitation: '00000000-0000-4000-8000-000000000011',
    session: '00000000-0000-4000-8000-000000000012',
    asset: '00000000-0000-4000-8000-000000000013',
    domain: '00000000-0000-4000-8000-000000000014',
    event: '00000000-0000-4000-8000-000000000015',
    delivery: '00000000-0000-4000-8000-000000000016',
    connection: '00000000-0000-4000-8000-000000000017',
  };

  let inputs: Promise<TenantIdInput[]> | undefined;
  /** The document's tenant-id inputs, read once. */
  const tenantIdInputs = () =>
    (inputs ??= readOpenApiDocument(createTestApi(null).api).then(listTenantIdInputs));

  it('has an entry for every operation input of the OpenAPI document that takes a tenant-owned id', async () => {
    const covered = new Set(ENDPOINTS.map((endpoint) => `${endpoint.operation} ${endpoint.input}`));
    const missing = (await tenantIdInputs())
      .filter((input) => !covered.has(`${input.operationId} ${input.input}`))
      .map(
        (input) =>
          `${input.method.toUpperCase()} ${input.path} ${input.input} (${input.operationId})`,
      );
    expect(missing, 'operations taking a tenant-owned id without a matrix entry').toStrictEqual([]);
  });

  it.each(ENDPOINTS)('$name gives the other tree’s id to the input it names', async (endpoint) => {
    const input = (await tenantIdInputs()).find(
      (candidate) =>
        candidate.operationId === endpoint.operation && candidate.input === endpoint.input,
    );
    expect(input, `${endpoint.operation} ${endpoint.input} in the OpenAPI document`).toBeDefined();
    if (!input) return;
    const { method, path, body } = endpoint.request(probe);
    const given = readRequestInput({ method, url: `/api${path}`, body }, input);
    expect(Object.values(probe), `${method} ${path}`).toContain(given);
  });
});
