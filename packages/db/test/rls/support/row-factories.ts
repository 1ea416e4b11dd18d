import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Tx } from '@aiconnected/db';
import { seedUser } from '@aiconnected/db/testing';
import { insertRow, type Row } from './rows';
import { only } from './tenant-fixture';

// Factories of valid new rows, run as service inside the caller's transaction. Each returns
// the column values of one new row of its table, creating the parent rows that row needs;
// values are random where a unique constraint would otherwise make two rows collide.

/** A short random lower-case hex tag for unique values. */
export function tag(): string {
  return randomBytes(5).toString('hex');
}

/** A random positive int4 for versioned rows (unique per workspace). */
function version(): number {
  return randomInt(2, 2_000_000_000);
}

async function workspaceType(svc: Tx, workspaceId: string): Promise<string> {
  const { rows } = await svc.query<{ type: string }>(
    'select type from public.workspaces where id = $1',
    [workspaceId],
  );
  return only(rows).type;
}

/** A membership of a new user in `workspaceId` with the plain user role of its level. */
export async function newMembership(svc: Tx, workspaceId: string): Promise<Row> {
  const { id: userId } = await seedUser(svc, { handle: 'rls-member' });
  return {
    workspace_id: workspaceId,
    user_id: userId,
    role_template: `${await workspaceType(svc, workspaceId)}_user`,
  };
}

/** An allow override of branding.edit on a new membership in `workspaceId`. */
export async function newMembershipPermission(svc: Tx, workspaceId: string): Promise<Row> {
  const membershipId = await insertRow(
    svc,
    'workspace_memberships',
    await newMembership(svc, workspaceId),
  );
  const { rows } = await svc.query<{ id: string }>(
    "select id from public.permissions where code = 'branding.edit'",
  );
  return {
    membership_id: membershipId,
    workspace_id: workspaceId,
    permission_id: only(rows).id,
    allow: true,
  };
}

/** A draft version 1 of a new layout definition in `workspaceId`. */
export async function newLayoutVersion(svc: Tx, workspaceId: string): Promise<Row> {
  const definitionId = await insertRow(svc, 'layout_definitions', {
    workspace_id: workspaceId,
    surface_key: `rls/${tag()}`,
  });
  return {
    layout_definition_id: definitionId,
    workspace_id: workspaceId,
    version_num: 1,
    state: 'draft',
    tree_json: {},
  };
}

/** The history row of a move of a new job (the trigger writes the real ones; service may too). */
export async function newAiJobTransition(svc: Tx, workspaceId: string): Promise<Row> {
  const jobId = await insertRow(svc, 'ai_jobs', {
    workspace_id: workspaceId,
    job_type: 'rls_probe',
  });
  return { ai_job_id: jobId, workspace_id: workspaceId, from_state: 'queued', to_state: 'running' };
}

/** A subscription on the workspace's billing account (created when it has none: one per workspace). */
export async function newSubscription(svc: Tx, workspaceId: string): Promise<Row> {
  const { rows } = await svc.query<{ id: string }>(
    'select id from public.billing_accounts where workspace_id = $1',
    [workspaceId],
  );
  const accountId =
    rows[0]?.id ?? (await insertRow(svc, 'billing_accounts', { workspace_id: workspaceId }));
  return {
    billing_account_id: accountId,
    workspace_id: workspaceId,
    stripe_sub_id: `sub_${tag()}`,
    state: 'active',
  };
}

/**
 * A login-screen profile version in `workspaceId`. A business may store one only while its
 * agency allows overrides (031's insert policy), so for a business the agency's policy row
 * comes first: the matrix probes capability and visibility, the policy has its own tests.
 */
export async function newLoginScreenProfile(svc: Tx, workspaceId: string): Promise<Row> {
  const { rows } = await svc.query<{ type: string; parent_workspace_id: string | null }>(
    'select type, parent_workspace_id from public.workspaces where id = $1',
    [workspaceId],
  );
  const workspace = only(rows);
  if (workspace.type === 'business' && workspace.parent_workspace_id) {
    await insertRow(svc, 'login_screen_profiles', {
      workspace_id: workspace.parent_workspace_id,
      version: version(),
      profile: {},
      allow_business_override: true,
    });
  }
  return { workspace_id: workspaceId, version: version(), profile: {} };
}

/**
 * A module installation in `workspaceId`. Request code writes a business's installations only
 * while its agency lets businesses manage their modules (or the writer governs it from above,
 * 035), so for a business the agency's policy comes first: the matrix probes capability and
 * visibility, module-policies.test.ts the policy.
 */
export async function newModuleInstallation(svc: Tx, workspaceId: string): Promise<Row> {
  const { rows } = await svc.query<{ type: string; parent_workspace_id: string | null }>(
    'select type, parent_workspace_id from public.workspaces where id = $1',
    [workspaceId],
  );
  const workspace = only(rows);
  if (workspace.type === 'business' && workspace.parent_workspace_id) {
    await svc.query(
      `insert into public.module_policies (agency_workspace_id, businesses_may_manage)
       values ($1, true)
       on conflict (agency_workspace_id) do update set businesses_may_manage = true`,
      [workspace.parent_workspace_id],
    );
  }
  return simpleRows.module_installations(workspaceId);
}

/** A pending delivery of a new event to a new installation in `workspaceId` (040). */
export async function newEventDelivery(svc: Tx, workspaceId: string): Promise<Row> {
  const installation = await newModuleInstallation(svc, workspaceId);
  const installationId = await insertRow(svc, 'module_installations', installation);
  const eventId = await insertRow(svc, 'events', simpleRows.events(workspaceId));
  const { rows } = await svc.query<{ sequence: string }>(
    'select sequence from public.events where id = $1',
    [eventId],
  );
  return {
    event_id: eventId,
    workspace_id: workspaceId,
    installation_id: installationId,
    module_key: installation['module_key'],
    kind: 'event',
    stream: 'default',
    sequence: only(rows).sequence,
  };
}

/** The first attempt of a new delivery in `workspaceId` (040). */
export async function newEventDeliveryAttempt(svc: Tx, workspaceId: string): Promise<Row> {
  const deliveryId = await insertRow(
    svc,
    'event_deliveries',
    await newEventDelivery(svc, workspaceId),
  );
  return {
    delivery_id: deliveryId,
    workspace_id: workspaceId,
    attempt: 1,
    started_at: new Date(),
    duration_ms: 12,
    response_status: 200,
    outcome: 'delivered',
  };
}

/** An API key (its sha256 only) of a new installation in `workspaceId` (040). */
export async function newInstallationCredential(svc: Tx, workspaceId: string): Promise<Row> {
  const installationId = await insertRow(
    svc,
    'module_installations',
    await newModuleInstallation(svc, workspaceId),
  );
  return {
    installation_id: installationId,
    workspace_id: workspaceId,
    kind: 'api_key',
    prefix: `aicm_${tag().slice(0, 4)}`,
    secret_hash: randomBytes(32),
  };
}

/** The agency of `workspaceId`'s tree: itself, a business's parent, null for super (046). */
async function agencyOf(svc: Tx, workspaceId: string): Promise<string | null> {
  const { rows } = await svc.query<{ agency: string | null }>(
    `select case type when 'agency' then id when 'business' then parent_workspace_id end as agency
       from public.workspaces where id = $1`,
    [workspaceId],
  );
  return only(rows).agency;
}

/** A failed resolution decision made for `workspaceId` (046; service-written). */
export async function newResolutionDecision(svc: Tx, workspaceId: string): Promise<Row> {
  return {
    workspace_id: workspaceId,
    agency_workspace_id: await agencyOf(svc, workspaceId),
    provider_key: 'github',
    outcome: 'failed',
    resolved_scope: 'none',
    reason: 'not_found',
    // A JSON text, not an array (pg would send an array as a SQL array).
    steps: '[]',
    caller: 'api',
  };
}

/** A single-use OAuth state of a new connection in some workspace (045; service only). */
export async function newOAuthState(svc: Tx): Promise<Row> {
  const { rows } = await svc.query<{ id: string }>(
    "select id from public.workspaces where type = 'agency' order by id limit 1",
  );
  const workspaceId = only(rows).id;
  const connectionId = await insertRow(
    svc,
    'integration_connections',
    simpleRows.integration_connections(workspaceId),
  );
  return {
    state_hash: randomBytes(32),
    workspace_id: workspaceId,
    user_id: (await seedUser(svc, { handle: 'rls-oauth' })).id,
    backend: 'composio',
    provider_key: 'composio',
    connection_id: connectionId,
    return_path: '/settings/integrations',
    expires_at: new Date(Date.now() + 600_000),
  };
}

/** Row factories of the workspace-scoped tables whose rows need nothing but a workspace. */
export const simpleRows = {
  themes: (workspaceId: string): Row => ({
    workspace_id: workspaceId,
    token_payload: {},
    version: version(),
  }),
  layout_definitions: (workspaceId: string): Row => ({
    workspace_id: workspaceId,
    surface_key: `rls/${tag()}`,
  }),
  module_installations: (workspaceId: string): Row => ({
    workspace_id: workspaceId,
    module_key: `rls-${tag()}`,
  }),
  events: (workspaceId: string): Row => ({
    workspace_id: workspaceId,
    event_name: 'rls.probe.emitted',
    source: 'rls-matrix',
    correlation_id: `rls-${tag()}`,
    idempotency_key: tag(),
  }),
  audit_logs: (workspaceId: string): Row => ({
    workspace_id: workspaceId,
    action: 'rls.probe',
    target_type: 'probe',
  }),
  integration_connections: (workspaceId: string): Row => ({
    workspace_id: workspaceId,
    provider_key: 'composio',
    provider_account_ref: tag(),
  }),
  ai_jobs: (workspaceId: string): Row => ({ workspace_id: workspaceId, job_type: 'rls_probe' }),
  billing_accounts: (workspaceId: string): Row => ({ workspace_id: workspaceId }),
  contacts: (workspaceId: string): Row => ({ workspace_id: workspaceId, name: 'RLS probe' }),
  workspace_domains: (workspaceId: string): Row => ({
    workspace_id: workspaceId,
    host: `rls-${tag()}.example.test`,
    verification_token: randomBytes(16).toString('hex'),
  }),
  domain_checks: (workspaceId: string): Row => ({
    domain_id: randomUUID(),
    workspace_id: workspaceId,
    host: `rls-${tag()}.example.test`,
    outcome: 'no_record',
  }),
  branding_assets: (workspaceId: string): Row => ({
    workspace_id: workspaceId,
    asset_type: 'logo',
    storage_path: `rls/${tag()}.png`,
    mime_type: 'image/png',
    size_bytes: 1,
  }),
  workspace_feature_flags: (workspaceId: string): Row => ({
    workspace_id: workspaceId,
    feature_key: `rls.${tag()}`,
    enabled: false,
    source_scope: 'business',
  }),
  navigation_profiles: (workspaceId: string): Row => ({
    workspace_id: workspaceId,
    scope_type: 'business',
    config_json: {},
    version: version(),
  }),
  credential_policies: (workspaceId: string): Row => ({
    workspace_id: workspaceId,
    provider_key: `rls-${tag()}`,
  }),
  // 046: written by the policies' trigger; the service may insert one too.
  credential_policy_history: (workspaceId: string): Row => ({
    policy_id: randomUUID(),
    workspace_id: workspaceId,
    provider_key: `rls-${tag()}`,
    version: 1,
    resolution_order_json: '["business"]',
    allow_parent_fallback: false,
    fallback_when_invalid: false,
    change: 'created',
  }),
};

/** Row factories of the global reference tables (no workspace). */
export const globalRows = {
  roles: (): Promise<Row> =>
    Promise.resolve({ code: `rls_${tag()}`, scope_type: 'business', name: 'RLS probe' }),
  permissions: (): Promise<Row> => Promise.resolve({ code: `rls.probe_${tag()}` }),
  role_permissions: async (svc: Tx): Promise<Row> => ({
    role_id: await insertRow(svc, 'roles', await globalRows.roles()),
    permission_id: await insertRow(svc, 'permissions', await globalRows.permissions()),
  }),
  // 036: a registered version is what every authenticated request reads.
  module_registry: (): Promise<Row> =>
    Promise.resolve({
      module_key: `rls-${tag()}`,
      version: '1.0.0',
      manifest_json: {},
      status: 'registered',
      registered_at: new Date(),
    }),
  // Published: every request reads it (056: a draft only platform settings.manage).
  sdk_contract_versions: (): Promise<Row> =>
    Promise.resolve({
      contract_name: `rls-${tag()}`,
      semver: '1.0.0',
      schema_json: {},
      status: 'active',
      published_at: new Date(),
    }),
  sdk_contract_versions_draft: (): Promise<Row[]> =>
    Promise.resolve([
      { contract_name: `rls-${tag()}`, semver: '1.0.0', schema_json: {}, status: 'draft' },
    ]),
  // 033: the catalog points at a registered version; the health row belongs to a version.
  module_catalog: async (svc: Tx): Promise<Row> => {
    const module_key = `rls-${tag()}`;
    await insertRow(svc, 'module_registry', {
      module_key,
      version: '1.0.0',
      manifest_json: {},
      status: 'registered',
      registered_at: new Date(),
    });
    return { module_key, current_version: '1.0.0' };
  },
  // 036: versions only holders of platform modules.install read: a draft, and a rejected
  // version with its review (the reason and the reviewing user).
  module_registry_unregistered: async (svc: Tx): Promise<Row[]> => {
    const { id: reviewer } = await seedUser(svc, { handle: 'rls-reviewer' });
    return [
      { module_key: `rls-${tag()}`, version: '1.0.0', manifest_json: {}, status: 'draft' },
      {
        module_key: `rls-${tag()}`,
        version: '1.0.0',
        manifest_json: {},
        status: 'rejected',
        reviewed_at: new Date(),
        reviewed_by_user_id: reviewer,
        review_note: 'Refused in review',
      },
    ];
  },
  module_target_health: async (svc: Tx): Promise<Row> => {
    const version = await globalRows.module_registry();
    await insertRow(svc, 'module_registry', version);
    return { module_key: version.module_key, version: version.version, status: 'healthy' };
  },
  // 045: the providers workspaces may connect.
  integration_provider_configs: (): Promise<Row> =>
    Promise.resolve({
      provider_key: `rls-${tag()}`,
      auth_config_ref: 'ac_rls_probe',
      display_name: 'RLS probe',
    }),
};
