import { beforeAll, describe, expect, it } from 'vitest';
import {
  CHILD_GOVERNING_ROLES,
  ROLE_CAPABILITIES,
  type Capability,
} from '@aiconnected/permissions';
import { TENANT_WORKSPACES } from '@aiconnected/db/testing';
import type { ApiApp } from '@/server/api/context';
import {
  ACCESS_EXTENSION,
  routeAccessSchema,
  type AccessRequirement,
} from '@/server/api/http/access';
import {
  as,
  createTestApi,
  seedRoleTree,
  setupApiTest,
  signInAs,
  type MemberLabel,
  type RoleTree,
  type TreeKey,
} from '@/server/api/testing';
import { readOpenApiDocument } from '@/server/api/testing/tenant-id-inputs';

// The access declarations are enforced: for every capability requirement an operation declares
// in its `x-shell-access` (PRD §7), a member of the role tree who lacks that capability where
// the requirement looks is refused with PERMISSION_DENIED. A requirement without a probe
// fails the coverage test, so a declaration the code does not enforce cannot go unnoticed.

interface Probe {
  operation: string;
  /** The declared requirement it probes, by its scope and `when`. */
  requirement: Pick<AccessRequirement, 'scope' | 'when'>;
  caller: MemberLabel;
  /** The workspace the requirement's scope points at in this request. */
  in: TreeKey;
  request(tree: RoleTree, invitation: string): { method: string; path: string; body?: unknown };
}

type ProbeRequest = Probe['request'];

/** `POST /workspaces`: a business under agency A. */
const createBusinessInA: ProbeRequest = (tree) => ({
  method: 'POST',
  path: '/workspaces',
  body: { type: 'business', name: 'Probe', parent_workspace_id: tree.workspaces.A.id },
});

/** `PATCH /workspaces/{A1}` with `body`. */
const patchA1 =
  (body: unknown): ProbeRequest =>
  (tree) => ({ method: 'PATCH', path: `/workspaces/${tree.workspaces.A1.id}`, body });

/** `method /users/{A1.business_manager}<suffix>`, with `body` when given. */
const atManager =
  (method: string, suffix: string, body?: unknown): ProbeRequest =>
  (tree) => ({ method, path: `/users/${tree.members['A1.business_manager'].id}${suffix}`, body });

/** The `when` of the registry's and SDK publication's platform-workspace requirement. */
const PLATFORM_WORKSPACE = 'the active workspace is the platform (super) workspace';

/** An id no row has: the event bus probes are refused before any lookup. */
const PROBE_ID = '00000000-0000-4000-8000-000000000001';
/** An event to emit for the emit probe (its workspace is added per request). */
const EMIT_PROBE = {
  event_name: 'probe-module.item.created',
  payload: {},
  idempotency_key: 'probe',
};

/** A credential policy save turning on A1's fallback (its workspace is added per request). */
const CREDENTIAL_POLICY_PROBE = {
  provider_key: 'github',
  resolution_order: ['business', 'agency', 'super'],
  allow_parent_fallback: true,
  fallback_when_invalid: false,
  allowed_scopes: null,
  expected_version: 0,
};

const PROBES: readonly Probe[] = [
  {
    operation: 'createWorkspace',
    requirement: { scope: 'active-workspace' },
    caller: 'A.agency_user',
    in: 'A',
    request: createBusinessInA,
  },
  {
    operation: 'createWorkspace',
    requirement: { scope: 'target-workspace' },
    caller: 'A.agency_manager',
    in: 'A',
    request: createBusinessInA,
  },
  {
    operation: 'createChildWorkspace',
    requirement: { scope: 'target-workspace' },
    caller: 'A.agency_manager',
    in: 'A',
    request: (tree) => ({
      method: 'POST',
      path: `/workspaces/${tree.workspaces.A.id}/children`,
      body: { name: 'Probe', child_type: 'business' },
    }),
  },
  {
    operation: 'updateWorkspace',
    requirement: { scope: 'active-workspace' },
    caller: 'A1.business_manager',
    in: 'A1',
    request: patchA1({ name: 'Probe' }),
  },
  {
    operation: 'updateWorkspace',
    requirement: { scope: 'target-workspace', when: 'to rename it' },
    caller: 'A.agency_manager',
    in: 'A1',
    request: patchA1({ name: 'Probe' }),
  },
  {
    // Holds settings.manage in the active workspace and the target, not in the parent.
    operation: 'updateWorkspace',
    requirement: { scope: 'parent-workspace', when: 'to change its status' },
    caller: 'A1.business_admin',
    in: 'A',
    request: patchA1({ status: 'suspended' }),
  },
  {
    operation: 'listAuditLogs',
    requirement: { scope: 'target-workspace', when: 'with `workspace_id`' },
    caller: 'A.agency_user',
    in: 'A',
    request: (tree) => ({
      method: 'GET',
      path: `/audit-logs?workspace_id=${tree.workspaces.A.id}`,
    }),
  },
  {
    operation: 'listAuditLogs',
    requirement: {
      scope: 'active-workspace',
      when: 'without `workspace_id` (every workspace whose log the caller may read is listed)',
    },
    caller: 'A1.business_manager',
    in: 'A1',
    request: () => ({ method: 'GET', path: '/audit-logs' }),
  },
  {
    operation: 'saveCurrentTheme',
    requirement: { scope: 'target-workspace' },
    caller: 'A.agency_user',
    in: 'A',
    request: (tree) => ({
      method: 'PUT',
      path: '/themes/current',
      body: { workspace_id: tree.workspaces.A.id, theme_tokens: {}, change_note: 'Probe' },
    }),
  },
  {
    operation: 'rollbackTheme',
    requirement: { scope: 'target-workspace' },
    caller: 'A1.business_user',
    in: 'A1',
    request: (tree) => ({
      method: 'POST',
      path: '/themes/rollback',
      body: { workspace_id: tree.workspaces.A1.id, version: 1, change_note: 'Probe' },
    }),
  },
  {
    operation: 'listPendingInvitations',
    requirement: { scope: 'target-workspace' },
    caller: 'A1.business_user',
    in: 'A1',
    request: (tree) => ({
      method: 'GET',
      path: `/invitations?workspace_id=${tree.workspaces.A1.id}`,
    }),
  },
  {
    operation: 'resendInvitation',
    requirement: { scope: 'target-workspace' },
    caller: 'A1.business_user',
    in: 'A1',
    request: (_tree, invitation) => ({ method: 'POST', path: `/invitations/${invitation}/resend` }),
  },
  {
    operation: 'revokeInvitation',
    requirement: { scope: 'target-workspace' },
    caller: 'A1.business_user',
    in: 'A1',
    request: (_tree, invitation) => ({ method: 'DELETE', path: `/invitations/${invitation}` }),
  },
  {
    operation: 'inviteMember',
    requirement: { scope: 'target-workspace' },
    caller: 'A1.business_user',
    in: 'A1',
    request: (tree) => ({
      method: 'POST',
      path: '/memberships',
      body: {
        workspace_id: tree.workspaces.A1.id,
        email: `probe-${tree.tag}@example.test`,
        role_template: 'business_user',
      },
    }),
  },
  {
    operation: 'updateMembership',
    requirement: { scope: 'target-workspace' },
    caller: 'A1.business_user',
    in: 'A1',
    request: (tree) => ({
      method: 'PATCH',
      path: `/memberships/${tree.members['A1.business_manager'].membershipId}`,
      body: { active: false },
    }),
  },
  {
    operation: 'updateUser',
    requirement: { scope: 'active-workspace', when: 'to change another user’s profile' },
    caller: 'A1.business_user',
    in: 'A1',
    request: atManager('PATCH', '', { profile: { display_name: 'Probe' } }),
  },
  {
    operation: 'updateUser',
    requirement: { scope: 'active-workspace', when: 'to change a status' },
    caller: 'A1.business_user',
    in: 'A1',
    request: atManager('PATCH', '', { status: 'suspended' }),
  },
  {
    operation: 'changeUserEmail',
    requirement: { scope: 'active-workspace', when: 'to change another user’s email' },
    caller: 'A1.business_user',
    in: 'A1',
    request: (tree) => ({
      method: 'PATCH',
      path: `/users/${tree.members['A1.business_manager'].id}/email`,
      body: { new_email: `probe-email-${tree.tag}@example.test` },
    }),
  },
  {
    operation: 'createPasswordResetLink',
    requirement: { scope: 'active-workspace' },
    caller: 'A1.business_user',
    in: 'A1',
    request: atManager('POST', '/password-reset-link'),
  },
  {
    operation: 'saveLoginScreen',
    requirement: { scope: 'target-workspace' },
    caller: 'A1.business_user',
    in: 'A1',
    request: (tree) => ({
      method: 'PUT',
      path: '/branding/login-screen',
      body: { workspace_id: tree.workspaces.A1.id, branding_profile: {} },
    }),
  },
  {
    operation: 'createBrandingAssetUploadUrl',
    requirement: { scope: 'target-workspace' },
    caller: 'A1.business_user',
    in: 'A1',
    request: (tree) => ({
      method: 'POST',
      path: '/branding/assets/logo-upload-url',
      body: {
        workspace_id: tree.workspaces.A1.id,
        asset_type: 'logo',
        mime_type: 'image/png',
        size_bytes: 68,
      },
    }),
  },
  // Checked in the claims first, so any asset id (here none) answers alike.
  ...(['activate', 'deactivate'] as const).map((action) => ({
    operation: `${action}BrandingAsset`,
    requirement: { scope: 'target-workspace' } as const,
    caller: 'A1.business_user' as const,
    in: 'A1' as const,
    request: () => ({
      method: 'POST',
      path: `/branding/assets/00000000-0000-4000-8000-000000000001/${action}`,
    }),
  })),
  // Custom domains: domains.manage in the active workspace (guard) and the domain's workspace;
  // a manager holds neither, so any domain id (here none) answers alike.
  ...(['active-workspace', 'target-workspace'] as const).flatMap((scope) =>
    (
      [
        [
          'listDomains',
          (tree: RoleTree) => ({
            method: 'GET',
            path: `/domains?workspace_id=${tree.workspaces.A1.id}`,
          }),
        ],
        [
          'addDomain',
          (tree: RoleTree) => ({
            method: 'POST',
            path: '/domains',
            body: { workspace_id: tree.workspaces.A1.id, host: 'probe.acme.example' },
          }),
        ],
        [
          'verifyDomain',
          () => ({
            method: 'POST',
            path: '/domains/00000000-0000-4000-8000-000000000001/verify',
          }),
        ],
        [
          'removeDomain',
          () => ({
            method: 'DELETE',
            path: '/domains/00000000-0000-4000-8000-000000000001',
          }),
        ],
      ] as const
    ).map(([operation, request]) => ({
      operation,
      requirement: { scope },
      caller: 'A1.business_manager' as const,
      in: 'A1' as const,
      request,
    })),
  ),
  // The module registry: modules.install in the active workspace (guard: an agency manager
  // lacks it) and in the platform workspace (domain: an agency admin holds it in its agency only).
  ...(
    [
      ['importModule', { method: 'POST', path: '/modules/import', body: { manifest: {} } }],
      ['listModuleRegistry', { method: 'GET', path: '/modules/registry' }],
      ['getModuleRegistryModule', { method: 'GET', path: '/modules/registry/probe-module' }],
      [
        'promoteModuleDraft',
        { method: 'POST', path: '/modules/registry/probe-module/versions/1.0.0/promote' },
      ],
      [
        'rejectModuleDraft',
        {
          method: 'POST',
          path: '/modules/registry/probe-module/versions/1.0.0/reject',
          body: { reason: 'Access probe' },
        },
      ],
      [
        'rollbackModuleRegistry',
        { method: 'POST', path: '/modules/registry/probe-module/rollback' },
      ],
    ] as const
  ).flatMap(([operation, request]) => [
    {
      operation,
      requirement: { scope: 'active-workspace' } as const,
      caller: 'A.agency_manager' as const,
      in: 'A' as const,
      request: () => request,
    },
    {
      operation,
      requirement: { scope: 'active-workspace', when: PLATFORM_WORKSPACE } as const,
      caller: 'A.agency_admin' as const,
      in: 'S' as const,
      request: () => request,
    },
  ]),
  // SDK contract publication: settings.manage, which a super manager lacks (guard) and an
  // agency admin holds only in its agency (domain: the platform workspace).
  ...(
    [
      ['S.super_manager', 'S', undefined],
      ['A.agency_admin', 'S', PLATFORM_WORKSPACE],
    ] as const
  ).map(([caller, key, when]) => ({
    operation: 'publishSdkContract',
    requirement: { scope: 'active-workspace' as const, ...(when ? { when } : {}) },
    caller,
    in: key,
    request: () => ({
      method: 'POST',
      path: '/sdk/contracts',
      body: { contract_name: 'probe', semver: '1.0.0', schema_json: {} },
    }),
  })),
  // Per-workspace modules: the capability in the active workspace (guard) and in the target
  // workspace (domain). A business manager lacks modules.install, a business user every
  // module capability, an agency manager modules.install in its agency; the key needs no
  // registered module (refused before it is looked up).
  ...(['active-workspace', 'target-workspace'] as const).flatMap((scope) =>
    (
      [
        [
          'installModule',
          'A1.business_manager',
          'A1',
          'POST',
          '/modules/probe-module/install',
          true,
        ],
        ['enableModule', 'A1.business_user', 'A1', 'POST', '/modules/probe-module/enable', true],
        ['disableModule', 'A1.business_user', 'A1', 'POST', '/modules/probe-module/disable', true],
        [
          'uninstallModule',
          'A1.business_manager',
          'A1',
          'DELETE',
          '/modules/probe-module/uninstall',
          false,
        ],
        [
          'previewModuleUpgrade',
          'A1.business_manager',
          'A1',
          'GET',
          '/modules/probe-module/upgrade',
          false,
        ],
        [
          'upgradeModule',
          'A1.business_manager',
          'A1',
          'POST',
          '/modules/probe-module/upgrade',
          true,
        ],
        [
          'rollbackModuleInstallation',
          'A1.business_manager',
          'A1',
          'POST',
          '/modules/probe-module/rollback',
          true,
        ],
        [
          'checkModuleHealth',
          'A1.business_user',
          'A1',
          'POST',
          '/modules/probe-module/health-check',
          true,
        ],
        [
          'setModuleTokenPermissions',
          'A1.business_manager',
          'A1',
          'PUT',
          '/modules/probe-module/token-permissions',
          true,
        ],
        [
          'issueModuleCredentials',
          'A1.business_manager',
          'A1',
          'POST',
          '/modules/probe-module/credentials',
          true,
        ],
        [
          'listModuleCredentials',
          'A1.business_manager',
          'A1',
          'GET',
          '/modules/probe-module/credentials',
          false,
        ],
        ['updateModulePolicy', 'A.agency_manager', 'A', 'PUT', '/modules/policy', true],
      ] as const
    ).map(([operation, caller, key, method, path, withBody]) => ({
      operation,
      requirement: { scope },
      caller,
      in: key,
      request: (tree: RoleTree) => {
        const workspaceId = tree.workspaces[key].id;
        return withBody
          ? {
              method,
              path,
              // to_version: the upgrade's, permissions: the token grants' (others ignore them).
              body: {
                workspace_id: workspaceId,
                businesses_may_manage: true,
                to_version: '2.0.0',
                permissions: [],
              },
            }
          : { method, path: `${path}?workspace_id=${workspaceId}` };
      },
    })),
  ),
  // The event bus: events.manage in the active workspace (guard) and in the named one (domain);
  // a business manager holds neither. Ids and keys need not exist (refused before any lookup).
  ...(['active-workspace', 'target-workspace'] as const).flatMap((scope) =>
    (
      [
        ['emitEvent', 'POST', '/events', EMIT_PROBE],
        ['emitEvents', 'POST', '/events/batch', { events: [EMIT_PROBE] }],
        ['listEvents', 'GET', '/events'],
        ['getEvent', 'GET', `/events/${PROBE_ID}`],
        ['listDeadLetters', 'GET', '/events/dead-letter'],
        ['retryEventDelivery', 'POST', `/events/deliveries/${PROBE_ID}/retry`, {}],
        ['skipEventDelivery', 'POST', `/events/deliveries/${PROBE_ID}/skip`, {}],
        ['replayEvents', 'POST', '/events/replay', { stream: 'default' }],
        ['listEventSubscriptions', 'GET', '/events/subscriptions'],
        ['resumeEventEndpoint', 'POST', '/events/subscriptions/probe-module/resume', {}],
      ] as const
    ).map(([operation, method, path, body]) => ({
      operation,
      requirement: { scope },
      caller: 'A1.business_manager' as const,
      in: 'A1' as const,
      request: (tree: RoleTree) => {
        const workspaceId = tree.workspaces.A1.id;
        return body === undefined
          ? { method, path: `${path}?workspace_id=${workspaceId}` }
          : { method, path, body: { ...body, workspace_id: workspaceId } };
      },
    })),
  ),
  // Credentials: credentials.inheritance.manage in the active workspace (guard) and in the named
  // one (domain); a business manager holds neither. The fallback switches of A1's policy need it
  // in A1's parent, which A1's admin lacks.
  ...(['active-workspace', 'target-workspace'] as const).flatMap((scope) =>
    (
      [
        ['resolveCredential', 'POST', '/credentials/resolve', { provider_key: 'github' }],
        ['getCredentialPolicy', 'GET', '/credentials/policies?provider_key=github&'],
        ['putCredentialPolicy', 'PUT', '/credentials/policies', CREDENTIAL_POLICY_PROBE],
        [
          'listCredentialPolicyHistory',
          'GET',
          '/credentials/policies/history?provider_key=github&',
        ],
        ['listCredentialResolutions', 'GET', '/credentials/resolutions?'],
      ] as const
    ).map(([operation, method, path, body]) => ({
      operation,
      requirement: { scope },
      caller: 'A1.business_manager' as const,
      in: 'A1' as const,
      request: (tree: RoleTree) => {
        const workspaceId = tree.workspaces.A1.id;
        return body === undefined
          ? { method, path: `${path}workspace_id=${workspaceId}` }
          : { method, path, body: { ...body, workspace_id: workspaceId } };
      },
    })),
  ),
  {
    operation: 'putCredentialPolicy',
    requirement: {
      scope: 'parent-workspace',
      when: 'to change allow_parent_fallback or fallback_when_invalid',
    },
    caller: 'A1.business_admin',
    in: 'A',
    request: (tree) => ({
      method: 'PUT',
      path: '/credentials/policies',
      body: { ...CREDENTIAL_POLICY_PROBE, workspace_id: tree.workspaces.A1.id },
    }),
  },
  // Integrations: integrations.manage in the active workspace (guard) and in the named one
  // (domain); a business manager holds neither. Ids need not exist (refused before any lookup).
  ...(['active-workspace', 'target-workspace'] as const).flatMap((scope) =>
    (
      [
        ['listIntegrationProviders', 'GET', '/integrations/providers'],
        [
          'connectIntegration',
          'POST',
          '/integrations/providers/composio/connect',
          { provider_key: 'github', provider_account_ref: 'probe', scopes: ['repo'] },
        ],
        [
          'disconnectIntegration',
          'POST',
          '/integrations/providers/composio/disconnect',
          { connection_id: PROBE_ID },
        ],
        ['listIntegrationConnections', 'GET', '/integrations/providers/composio/connections'],
      ] as const
    ).map(([operation, method, path, body]) => ({
      operation,
      requirement: { scope },
      caller: 'A1.business_manager' as const,
      in: 'A1' as const,
      request: (tree: RoleTree) => {
        const workspaceId = tree.workspaces.A1.id;
        return body === undefined
          ? { method, path: `${path}?workspace_id=${workspaceId}` }
          : { method, path, body: { ...body, workspace_id: workspaceId } };
      },
    })),
  ),
  // Provider configs are the platform's: a business manager lacks integrations.manage (guard),
  // an agency admin holds it only in its agency (domain: the platform workspace).
  ...(
    [
      ['A1.business_manager', 'A1', undefined],
      ['A.agency_admin', 'S', PLATFORM_WORKSPACE],
    ] as const
  ).map(([caller, key, when]) => ({
    operation: 'putIntegrationProvider',
    requirement: { scope: 'active-workspace' as const, ...(when ? { when } : {}) },
    caller,
    in: key,
    request: () => ({
      method: 'PUT',
      path: '/integrations/providers/github',
      body: {
        backend: 'composio',
        auth_config_ref: 'ac_probe',
        display_name: 'Probe',
        available_scopes: [],
        enabled: true,
      },
    }),
  })),
  {
    operation: 'startImpersonation',
    requirement: { scope: 'active-workspace' },
    caller: 'A.agency_user',
    in: 'A',
    request: (tree) => ({
      method: 'POST',
      path: '/auth/impersonation/start',
      body: { target_workspace_id: tree.workspaces.A1.id, reason: 'Access probe' },
    }),
  },
];

const keyOf = (operation: string, requirement: Pick<AccessRequirement, 'scope' | 'when'>) =>
  `${operation}: ${requirement.scope}${requirement.when === undefined ? '' : `, ${requirement.when}`}`;

/** The parent of each workspace of the tree. */
const PARENT = Object.fromEntries(
  TENANT_WORKSPACES.map((workspace) => [workspace.key, workspace.parent]),
) as Record<TreeKey, TreeKey | null>;

/**
 * What a member of the role tree (one membership, its active workspace) holds in `key`: its
 * role's capabilities where it is a member, everywhere from the super workspace, and in its
 * agency's businesses for a child-governing role; nothing elsewhere.
 */
function capabilitiesIn(tree: RoleTree, label: MemberLabel, key: TreeKey): readonly Capability[] {
  const { home, role } = tree.members[label];
  const governsChildren = (CHILD_GOVERNING_ROLES as readonly string[]).includes(role);
  const holds = home === key || home === 'S' || (PARENT[key] === home && governsChildren);
  return holds ? ROLE_CAPABILITIES[role] : [];
}

function lacks(held: readonly Capability[], requirement: AccessRequirement): boolean {
  const missing = requirement.capabilities.filter((capability) => !held.includes(capability));
  return requirement.match === 'any'
    ? missing.length === requirement.capabilities.length
    : missing.length > 0;
}

/** Every capability requirement the document declares, by `keyOf`. */
async function declaredRequirements(): Promise<Map<string, AccessRequirement>> {
  const document = await readOpenApiDocument(createTestApi(null).api);
  const declared = new Map<string, AccessRequirement>();
  for (const methods of Object.values(document.paths)) {
    for (const operation of Object.values(methods)) {
      const extension = (operation as { [ACCESS_EXTENSION]?: unknown })[ACCESS_EXTENSION];
      const access = routeAccessSchema.safeParse(extension).data;
      if (access?.kind !== 'capability') continue;
      for (const requirement of access.requires) {
        declared.set(keyOf(operation.operationId ?? '', requirement), requirement);
      }
    }
  }
  return declared;
}

let tree: RoleTree;
let api: ApiApp;
let invitation: string;
let declared: Map<string, AccessRequirement>;
const tokens = new Map<MemberLabel, string>();

/** A session of `label`, signed in once per file. */
async function tokenOf(label: MemberLabel): Promise<string> {
  const known = tokens.get(label);
  if (known !== undefined) return known;
  const token = await signInAs(api, tree.members[label]);
  tokens.set(label, token);
  return token;
}

setupApiTest(seedRoleTree, async (setup) => {
  ({ tree, api } = setup);
  // A pending invitation to A1, sent by the agency admin, for the invitation probes.
  const admin = await tokenOf('A.agency_admin');
  const invited = await api.request(
    '/api/memberships',
    as(admin, 'POST', {
      workspace_id: tree.workspaces.A1.id,
      email: `pending-${tree.tag}@example.test`,
      role_template: 'business_user',
    }),
  );
  expect(invited.status, await invited.clone().text()).toBe(201);
  const listed = await api.request(
    `/api/invitations?workspace_id=${tree.workspaces.A1.id}`,
    as(admin, 'GET'),
  );
  const { items } = (await listed.json()) as { items: { id: string }[] };
  invitation = items[0]?.id ?? '';
});

beforeAll(async () => {
  declared = await declaredRequirements();
});

describe('the capability requirements of the OpenAPI document', () => {
  it('each have a probe, and each probe names a declared requirement', () => {
    const probed = new Set(PROBES.map((probe) => keyOf(probe.operation, probe.requirement)));
    expect(
      [...declared.keys()].filter((key) => !probed.has(key)),
      'unprobed',
    ).toStrictEqual([]);
    expect(
      [...probed].filter((key) => !declared.has(key)),
      'not declared',
    ).toStrictEqual([]);
  });

  it.each(PROBES.map((probe) => [keyOf(probe.operation, probe.requirement), probe] as const))(
    '%s: a caller lacking it is refused with PERMISSION_DENIED',
    async (key, probe) => {
      const requirement = declared.get(key);
      if (!requirement) throw new Error(`${key} is not declared`);
      const held = capabilitiesIn(tree, probe.caller, probe.in);
      expect(lacks(held, requirement), `${probe.caller} in ${probe.in} lacks it`).toBe(true);

      const token = await tokenOf(probe.caller);
      const { method, path, body } = probe.request(tree, invitation);
      const response = await api.request(`/api${path}`, as(token, method, body));
      const text = await response.text();
      expect(response.status, text).toBe(403);
      expect((JSON.parse(text) as { error: { code: string } }).error.code, text).toBe(
        'PERMISSION_DENIED',
      );
    },
  );
});
