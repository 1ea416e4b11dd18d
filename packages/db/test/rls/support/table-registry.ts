import { randomBytes } from 'node:crypto';
import type { Tx } from '@aiconnected/db';
import { seedUser } from '@aiconnected/db/testing';
import type { Capability } from '@aiconnected/permissions';
import { capability, NONE, VISIBLE, type ReadRule, type WriteRule } from './expectations';
import {
  globalRows,
  newAiJobTransition,
  newEventDelivery,
  newEventDeliveryAttempt,
  newInstallationCredential,
  newLayoutVersion,
  newLoginScreenProfile,
  newMembership,
  newMembershipPermission,
  newModuleInstallation,
  newOAuthState,
  newResolutionDecision,
  newSubscription,
  simpleRows,
} from './row-factories';
import type { Row } from './rows';

/** A column request code may change, and a valid value that differs from the factory's. */
export interface UpdateProbe {
  column: string;
  value: unknown;
}

/** A table with `workspace_id`: read and written per the tenant tree. */
export interface WorkspaceTableEntry {
  kind: 'workspace';
  read: ReadRule;
  insert: WriteRule;
  update: WriteRule;
  delete: WriteRule;
  updateProbe: UpdateProbe;
  /** As service: creates any parent rows and returns the values of one new row in `workspaceId`. */
  newRow: (svc: Tx, workspaceId: string) => Promise<Row>;
}

/** A global table every authenticated request reads; writes need a platform capability, or none. */
export interface ReferenceTableEntry {
  kind: 'global';
  read: 'all';
  /** null: no request code writes it (seeded by migrations). */
  platformCapability: Capability | null;
  updateProbe: UpdateProbe;
  /** A row every authenticated request reads. */
  newRow: (svc: Tx) => Promise<Row>;
  /**
   * Rows of the table only holders of a platform capability read (036: module_registry's
   * draft and rejected versions); absent when every row is readable by all.
   */
  platformOnlyRows?: { readCapability: Capability; newRows: (svc: Tx) => Promise<Row[]> };
}

/**
 * A global table whose rows belong to the tenant tree without a `workspace_id` column
 * (users, workspaces); its rules are checked row by row in tenant-tree.test.ts and
 * visibility.test.ts.
 */
export interface TenantTreeTableEntry {
  kind: 'global';
  read: 'tenant-tree';
}

/**
 * A service-only table (018: credentials, sessions, single-use tokens, rate limits, the local
 * mailbox): RLS forced, no policy, no privilege for anon or authenticated, so request code
 * reads and writes nothing whatever its claims; only service_role does. A `workspace_id` on
 * such a table (auth_tokens: the workspace of an invitation) is data, not a tenant key.
 */
export interface ServiceOnlyTableEntry {
  kind: 'service';
  /** As service: creates any parent rows and returns the values of one new row. */
  newRow: (svc: Tx) => Promise<Row>;
}

export type TableEntry =
  WorkspaceTableEntry | ReferenceTableEntry | TenantTreeTableEntry | ServiceOnlyTableEntry;

const simple = (make: (workspaceId: string) => Row) => (_svc: Tx, workspaceId: string) =>
  Promise.resolve(make(workspaceId));
const set = (column: string, value: unknown): UpdateProbe => ({ column, value });
const hex64 = () => randomBytes(32).toString('hex');
const inOneHour = () => new Date(Date.now() + 3_600_000);

/**
 * Every table of `public`, with the rules of migrations 012, 015, 016, 017 and 018. registry.test.ts
 * fails when the catalog holds a table that is missing here: add its entry (row factory,
 * read/write rules, an update probe) and the matrix covers it.
 */
export const TABLE_REGISTRY: Record<string, TableEntry> = {
  users: { kind: 'global', read: 'tenant-tree' },
  workspaces: { kind: 'global', read: 'tenant-tree' },
  // 034: keyed by the agency (agency_workspace_id), no workspace_id: module-policies.test.ts.
  module_policies: { kind: 'global', read: 'tenant-tree' },
  roles: {
    kind: 'global',
    read: 'all',
    platformCapability: null,
    updateProbe: set('name', 'Updated'),
    newRow: globalRows.roles,
  },
  permissions: {
    kind: 'global',
    read: 'all',
    platformCapability: null,
    updateProbe: set('description', 'updated'),
    newRow: globalRows.permissions,
  },
  role_permissions: {
    kind: 'global',
    read: 'all',
    platformCapability: null,
    updateProbe: set('created_at', '2020-01-01T00:00:00Z'),
    newRow: globalRows.role_permissions,
  },
  module_registry: {
    kind: 'global',
    read: 'all',
    platformCapability: 'modules.install',
    // 033: a rejected row needs reviewed_at, so the probe changes the review note.
    updateProbe: set('review_note', 'updated'),
    newRow: globalRows.module_registry,
    // 036: registered versions are read by all, drafts and rejected ones by the platform only.
    platformOnlyRows: {
      readCapability: 'modules.install',
      newRows: globalRows.module_registry_unregistered,
    },
  },
  // 033: each module's current version; written with platform modules.install.
  module_catalog: {
    kind: 'global',
    read: 'all',
    platformCapability: 'modules.install',
    updateProbe: set('created_at', '2020-01-01T00:00:00Z'),
    newRow: globalRows.module_catalog,
  },
  // 033: the last health check of a module version; written by the service only.
  module_target_health: {
    kind: 'global',
    read: 'all',
    platformCapability: null,
    updateProbe: set('detail', 'updated'),
    newRow: globalRows.module_target_health,
  },
  // 045: the providers workspaces may connect; written with platform integrations.manage.
  integration_provider_configs: {
    kind: 'global',
    read: 'all',
    platformCapability: 'integrations.manage',
    updateProbe: set('display_name', 'Updated'),
    newRow: globalRows.integration_provider_configs,
  },
  sdk_contract_versions: {
    kind: 'global',
    read: 'all',
    platformCapability: 'settings.manage',
    updateProbe: set('schema_json', { updated: true }),
    newRow: globalRows.sdk_contract_versions,
    // 056: published versions are read by all, drafts by their publisher (the platform) only.
    platformOnlyRows: {
      readCapability: 'settings.manage',
      newRows: globalRows.sdk_contract_versions_draft,
    },
  },
  workspace_memberships: {
    kind: 'workspace',
    read: 'visible',
    // 025: only the service inserts a membership (accepting an invitation, the demo seed).
    insert: NONE,
    update: capability('users.manage'),
    delete: capability('users.manage'),
    updateProbe: set('active', false),
    newRow: newMembership,
  },
  membership_permissions: {
    kind: 'workspace',
    read: 'visible',
    insert: capability('users.manage'),
    update: capability('users.manage'),
    delete: capability('users.manage'),
    updateProbe: set('allow', false),
    newRow: newMembershipPermission,
  },
  themes: ws(capability('branding.edit'), set('change_note', 'updated'), simple(simpleRows.themes)),
  layout_definitions: ws(
    capability('layouts.edit'),
    set('name', 'Updated'),
    simple(simpleRows.layout_definitions),
  ),
  layout_versions: {
    kind: 'workspace',
    read: 'visible',
    insert: capability('layouts.edit'),
    update: NONE,
    delete: NONE,
    updateProbe: set('note', 'updated'),
    newRow: newLayoutVersion,
  },
  module_installations: {
    kind: 'workspace',
    read: 'visible',
    insert: capability('modules.install'),
    update: capability('modules.install', 'modules.enable', 'modules.disable'),
    delete: capability('modules.install'),
    updateProbe: set('state', 'disabled'),
    // 035: a business's rows also need its agency's policy (the factory allows it).
    newRow: newModuleInstallation,
  },
  // 042: read with events.manage, like its deliveries (012/023 let every visible member read).
  // 048: written by the service only (shell.emit_event after the emit checks); 012 let every
  // visible member INSERT an event, skipping them.
  events: {
    kind: 'workspace',
    read: { kind: 'capability', cap: 'events.manage' },
    insert: NONE,
    update: NONE,
    delete: NONE,
    updateProbe: set('delivery_state', 'delivered'),
    newRow: simple(simpleRows.events),
  },
  // 040: the outbox and its attempts, read with events.manage, written by the service only.
  event_deliveries: {
    kind: 'workspace',
    read: { kind: 'capability', cap: 'events.manage' },
    insert: NONE,
    update: NONE,
    delete: NONE,
    updateProbe: set('last_error', 'updated'),
    newRow: newEventDelivery,
  },
  event_delivery_attempts: {
    kind: 'workspace',
    read: { kind: 'capability', cap: 'events.manage' },
    insert: NONE,
    update: NONE,
    delete: NONE,
    updateProbe: set('error', 'updated'),
    newRow: newEventDeliveryAttempt,
  },
  // 040: module API keys and webhook secrets, read (never the secret columns) with
  // modules.install, written by the service only.
  module_installation_credentials: {
    kind: 'workspace',
    read: { kind: 'capability', cap: 'modules.install' },
    insert: NONE,
    update: NONE,
    delete: NONE,
    updateProbe: set('prefix', 'aicm_zzzz'),
    newRow: newInstallationCredential,
  },
  audit_logs: {
    kind: 'workspace',
    read: 'settings-manage-or-super',
    insert: NONE,
    update: NONE,
    delete: NONE,
    updateProbe: set('target_id', 'updated'),
    newRow: simple(simpleRows.audit_logs),
  },
  integration_connections: ws(
    capability('integrations.manage'),
    set('display_name', 'Updated'),
    simple(simpleRows.integration_connections),
  ),
  ai_jobs: {
    kind: 'workspace',
    read: 'visible',
    insert: capability('ai.orchestration.manage'),
    update: capability('ai.orchestration.manage'),
    delete: NONE,
    updateProbe: set('context_ref', 'updated'),
    newRow: simple(simpleRows.ai_jobs),
  },
  ai_job_state_transitions: {
    kind: 'workspace',
    read: 'visible',
    insert: NONE,
    update: NONE,
    delete: NONE,
    updateProbe: set('to_state', 'failed'),
    newRow: newAiJobTransition,
  },
  // Stripe webhooks, via the service, are the truth (017): request code only creates the
  // account row; state, Stripe ids and subscriptions are service-written.
  billing_accounts: {
    kind: 'workspace',
    read: 'visible',
    insert: capability('billing.manage'),
    update: NONE,
    delete: NONE,
    updateProbe: set('status', 'past_due'),
    newRow: simple(simpleRows.billing_accounts),
  },
  subscriptions: {
    kind: 'workspace',
    read: 'visible',
    insert: NONE,
    update: NONE,
    delete: NONE,
    updateProbe: set('plan_key', 'updated'),
    newRow: newSubscription,
  },
  contacts: ws(VISIBLE, set('name', 'Updated'), simple(simpleRows.contacts)),
  // Verification is a service transition (017): created pending, deleted, never updated.
  workspace_domains: {
    kind: 'workspace',
    read: 'visible',
    insert: capability('domains.manage'),
    update: NONE,
    delete: capability('domains.manage'),
    updateProbe: set('last_checked_at', '2020-01-01T00:00:00Z'),
    newRow: simple(simpleRows.workspace_domains),
  },
  // The DNS check history (029): read where visible, written by the service only.
  domain_checks: {
    kind: 'workspace',
    read: 'visible',
    insert: NONE,
    update: NONE,
    delete: NONE,
    updateProbe: set('detail', 'updated'),
    newRow: simple(simpleRows.domain_checks),
  },
  // scan_status, storage_path, mime_type and size_bytes are the service's (017); since 030
  // request code may change `active` alone, which a pending row cannot take (activation is
  // probed in service-owned-columns.test.ts), so every other column probes as not updatable.
  branding_assets: {
    kind: 'workspace',
    read: 'visible',
    insert: capability('branding.edit'),
    update: NONE,
    delete: capability('branding.edit'),
    updateProbe: set('asset_type', 'favicon'),
    newRow: simple(simpleRows.branding_assets),
  },
  // 031: versions are inserted (branding.login.edit, and a business only while its agency
  // allows overrides: the factory sets that policy), never updated or deleted by request code.
  login_screen_profiles: {
    kind: 'workspace',
    read: 'visible',
    insert: capability('branding.login.edit'),
    update: NONE,
    delete: NONE,
    updateProbe: set('change_note', 'updated'),
    newRow: newLoginScreenProfile,
  },
  workspace_feature_flags: ws(
    capability('features.manage'),
    set('version', 2),
    simple(simpleRows.workspace_feature_flags),
  ),
  navigation_profiles: ws(
    capability('navigation.manage'),
    set('config_json', { updated: true }),
    simple(simpleRows.navigation_profiles),
  ),
  // 046: the probe changes the order (the fallback switches are the parent's: integrations-rls.test.ts).
  credential_policies: ws(
    capability('credentials.inheritance.manage'),
    set('resolution_order_json', '["business"]'),
    simple(simpleRows.credential_policies),
  ),
  // 046: every version of every policy, written by trigger; read where visible.
  credential_policy_history: {
    kind: 'workspace',
    read: 'visible',
    insert: NONE,
    update: NONE,
    delete: NONE,
    updateProbe: set('provider_key', 'updated'),
    newRow: simple(simpleRows.credential_policy_history),
  },
  // 046: the resolution log: platform holders of credentials.inheritance.manage read all, an
  // agency's holders its tree; written by the service only.
  credential_resolution_decisions: {
    kind: 'workspace',
    read: { kind: 'agency-tree', cap: 'credentials.inheritance.manage' },
    insert: NONE,
    update: NONE,
    delete: NONE,
    updateProbe: set('correlation_id', 'updated'),
    newRow: newResolutionDecision,
  },
  // 018 identity tables: service-only (service-only.test.ts).
  user_credentials: {
    kind: 'service',
    newRow: async (svc) => ({
      user_id: (await seedUser(svc, { handle: 'rls-credential' })).id,
      password_hash: `scrypt$32768$8$1$${randomBytes(16).toString('base64url')}$${randomBytes(64).toString('base64url')}`,
    }),
  },
  sessions: {
    kind: 'service',
    newRow: async (svc) => ({
      token_hash: hex64(),
      user_id: (await seedUser(svc, { handle: 'rls-session' })).id,
      expires_at: inOneHour(),
    }),
  },
  auth_tokens: {
    kind: 'service',
    newRow: async (svc) => ({
      purpose: 'password_reset',
      token_hash: hex64(),
      user_id: (await seedUser(svc, { handle: 'rls-token' })).id,
      expires_at: inOneHour(),
    }),
  },
  rate_limits: {
    kind: 'service',
    newRow: () =>
      Promise.resolve({ key: `rls:${hex64()}`, points: 1, expire: Date.now() + 60_000 }),
  },
  // 045: single-use OAuth states of hosted connect flows.
  integration_oauth_states: { kind: 'service', newRow: newOAuthState },
  mail_messages: {
    kind: 'service',
    newRow: () =>
      Promise.resolve({
        to_address: 'rls@example.test',
        from_address: 'shell@example.test',
        subject: 'RLS probe',
        text_body: 'probe',
      }),
  },
};

/** An entry whose reads are `visible` and whose insert, update and delete share one rule. */
function ws(
  rule: WriteRule,
  updateProbe: UpdateProbe,
  newRow: WorkspaceTableEntry['newRow'],
): WorkspaceTableEntry {
  return {
    kind: 'workspace',
    read: 'visible',
    insert: rule,
    update: rule,
    delete: rule,
    updateProbe,
    newRow,
  };
}

/** The workspace-scoped entries as `[table, entry]`, for generated tests. */
export const WORKSPACE_TABLES = Object.entries(TABLE_REGISTRY).flatMap(([table, entry]) =>
  entry.kind === 'workspace' ? [{ table, entry }] : [],
);

/** The global reference entries as `[table, entry]`. */
export const REFERENCE_TABLES = Object.entries(TABLE_REGISTRY).flatMap(([table, entry]) =>
  entry.kind === 'global' && entry.read === 'all' ? [{ table, entry }] : [],
);

/** The service-only entries as `[table, entry]`. */
export const SERVICE_TABLES = Object.entries(TABLE_REGISTRY).flatMap(([table, entry]) =>
  entry.kind === 'service' ? [{ table, entry }] : [],
);

/** The registry entry of workspace-scoped `table`; throws for any other table. */
export function workspaceTableEntry(table: string): WorkspaceTableEntry {
  const entry = TABLE_REGISTRY[table];
  if (entry?.kind !== 'workspace') throw new Error(`${table} is not a workspace-scoped table`);
  return entry;
}
