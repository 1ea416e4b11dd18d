import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_REGISTRY } from '../rls/support/table-registry';
import { readCatalog, type Catalog } from './read-catalog';

/**
 * PRD §12.2, transcribed row by row: [must include, required unique column sets, required
 * indexes]. As in the PRD, "(a,b)" is one index and "a", "b" two; `desc` where it says desc.
 */
const PRD_12_2: Record<string, [string, string[], string[]]> = {
  users: ['id, auth_user_id, email, status', ['auth_user_id'], []],
  workspaces: ['id, type, parent_workspace_id, name, status', [], ['parent_workspace_id,type']],
  workspace_memberships: [
    'id, workspace_id, user_id, role_template, active',
    ['workspace_id,user_id'],
    ['workspace_id', 'user_id'],
  ],
  roles: ['id, code, scope_type', ['code'], ['code']],
  permissions: ['id, code', ['code'], ['code']],
  role_permissions: ['role_id, permission_id', ['role_id,permission_id'], ['role_id']],
  membership_permissions: [
    'membership_id, permission_id, allow',
    ['membership_id,permission_id'],
    ['membership_id'],
  ],
  themes: [
    'id, workspace_id, token_payload, version',
    ['workspace_id,version'],
    ['workspace_id,version desc'],
  ],
  layout_definitions: [
    'id, workspace_id, surface_key, current_version_id',
    ['workspace_id,surface_key'],
    ['workspace_id,surface_key'],
  ],
  layout_versions: [
    'id, layout_definition_id, version_num, state, tree_json',
    ['layout_definition_id,version_num'],
    ['layout_definition_id,state'],
  ],
  module_registry: [
    'id, module_key, version, manifest_json, status',
    ['module_key,version'],
    ['module_key,status'],
  ],
  module_installations: [
    'id, workspace_id, module_key, state, config_json',
    ['workspace_id,module_key'],
    ['workspace_id,state'],
  ],
  billing_accounts: [
    'id, workspace_id, stripe_customer_id, status',
    ['workspace_id', 'stripe_customer_id'],
    ['stripe_customer_id'],
  ],
  subscriptions: [
    'id, billing_account_id, stripe_sub_id, state, period_end',
    ['stripe_sub_id'],
    ['billing_account_id,state'],
  ],
  events: [
    'id, workspace_id, event_name, payload_json, delivery_state, correlation_id',
    [],
    ['workspace_id,event_name,occurred_at desc', 'correlation_id'],
  ],
  audit_logs: [
    'id, workspace_id, actor_user_id, action, target_type, target_id, metadata_json, created_at',
    [],
    ['workspace_id,created_at desc', 'actor_user_id,created_at desc'],
  ],
  contacts: ['id, workspace_id, name, email, phone', [], ['workspace_id,email']],
  integration_connections: [
    'id, workspace_id, provider_key, provider_account_ref, status, secret_ref, scopes_json',
    ['workspace_id,provider_key,provider_account_ref'],
    ['workspace_id,provider_key,status'],
  ],
  ai_jobs: [
    'id, workspace_id, job_type, state, context_ref, intent_json, artifacts_json',
    [],
    ['workspace_id,state,created_at desc', 'workspace_id,job_type,created_at desc'],
  ],
  workspace_domains: [
    'id, workspace_id, host, status, verification_token, verified_at',
    ['host'],
    ['workspace_id,status', 'host'],
  ],
  // Its unique rule is partial; checked on its own below.
  branding_assets: [
    'id, workspace_id, asset_type, storage_path, mime_type, size_bytes, active',
    [],
    ['workspace_id,asset_type'],
  ],
  workspace_feature_flags: [
    'id, workspace_id, feature_key, enabled, source_scope',
    ['workspace_id,feature_key'],
    ['workspace_id,enabled'],
  ],
  navigation_profiles: [
    'id, workspace_id, scope_type, role_template, config_json, version',
    ['workspace_id,scope_type,role_template,version'],
    ['workspace_id,scope_type,role_template,version desc'],
  ],
  credential_policies: [
    'id, workspace_id, provider_key, resolution_order_json, allow_parent_fallback',
    ['workspace_id,provider_key'],
    ['workspace_id,provider_key'],
  ],
  sdk_contract_versions: [
    'id, contract_name, semver, status, schema_json',
    ['contract_name,semver'],
    ['contract_name,status'],
  ],
};

/** "a,b desc" -> ['a', 'b DESC'], the form read-catalog reports index columns in. */
const columnList = (cell: string) =>
  cell.split(',').map((c) => c.trim().replace(/ desc$/, ' DESC'));
const TABLES = Object.entries(PRD_12_2).map(([table, [columns, unique, indexes]]) => ({
  table,
  columns: columnList(columns),
  unique: unique.map(columnList),
  indexes: indexes.map(columnList),
}));

const sorted = (columns: string[]) => [...columns].sort().join(',');
const startsWith = (index: string[], leading: string[]) =>
  leading.every((column, position) => index[position] === column);

let test: TestDatabase;
let catalog: Catalog;

beforeAll(async () => {
  test = await createTestDatabase();
  catalog = await readCatalog(test.admin);
});
afterAll(async () => {
  await test.drop();
});

describe.each(TABLES)('PRD §12.2 $table', ({ table, ...spec }) => {
  it('has the required columns', () => {
    const columns = catalog.columns.filter((column) => column.table === table).map((c) => c.name);
    expect(spec.columns.filter((column) => !columns.includes(column))).toStrictEqual([]);
  });

  it('has a unique constraint or unique index on exactly each required column set', () => {
    const uniques = catalog.indexes.filter((i) => i.table === table && i.unique && !i.partial);
    for (const required of spec.unique) {
      const match = uniques.find((index) => sorted(index.columns) === sorted(required));
      expect(match, `unique (${required.join(', ')}) on ${table}`).toBeDefined();
    }
  });

  it('has an index led by each required column list (a primary key or unique index counts)', () => {
    const indexes = catalog.indexes.filter((index) => index.table === table && !index.partial);
    for (const required of spec.indexes) {
      const match = indexes.find((index) => startsWith(index.columns, required));
      expect(match, `index (${required.join(', ')}) on ${table}`).toBeDefined();
    }
  });
});

describe('constraints the table above cannot express', () => {
  it('branding_assets: a partial unique index keeps one active asset per workspace and type', () => {
    const accepted = [
      sorted(['workspace_id', 'asset_type', 'active']),
      sorted(['workspace_id', 'asset_type']),
    ];
    const partialUniques = catalog.indexes.filter(
      (index) => index.table === 'branding_assets' && index.unique && index.partial,
    );
    const match = partialUniques.find(
      (index) =>
        accepted.includes(sorted(index.columns)) && /\bactive\b/.test(index.predicate ?? ''),
    );
    expect(match, JSON.stringify(partialUniques)).toBeDefined();
  });

  it('integrations and credentials (045, 046): the keys and indexes their code relies on', () => {
    const index = (table: string, columns: string[]) =>
      catalog.indexes.find((i) => i.table === table && i.columns.join(',') === columns.join(','));
    // One row per connected account of a backend: a partial unique index (NULL = not yet linked).
    expect(index('integration_connections', ['backend', 'provider_connection_id'])).toMatchObject({
      unique: true,
      partial: true,
    });
    // The refresh job's pick of live rows.
    expect(index('integration_connections', ['status', 'status_checked_at'])).toMatchObject({
      partial: true,
    });
    // A state token's hash finds exactly one state; the prune walks expires_at.
    expect(index('integration_oauth_states', ['state_hash'])).toMatchObject({ unique: true });
    expect(index('integration_oauth_states', ['expires_at'])).toBeDefined();
    expect(index('integration_provider_configs', ['provider_key'])).toMatchObject({
      unique: true,
      partial: false,
    });
    expect(index('credential_policy_history', ['policy_id', 'version', 'change'])).toMatchObject({
      unique: true,
    });
    expect(
      index('credential_policy_history', ['workspace_id', 'provider_key', 'changed_at DESC']),
    ).toBeDefined();
    // The resolution log pages by tree (agency) or workspace, newest first; the prune by age.
    for (const lead of ['agency_workspace_id', 'workspace_id']) {
      expect(
        index('credential_resolution_decisions', [lead, 'created_at DESC', 'id']),
        lead,
      ).toBeDefined();
    }
    expect(index('credential_resolution_decisions', ['created_at'])).toBeDefined();
  });

  it('workspaces: parent_workspace_id is a self-referencing foreign key', () => {
    const selfRef = catalog.foreignKeys.find(
      (fk) => fk.table === 'workspaces' && fk.references === 'workspaces',
    );
    expect(selfRef).toMatchObject({ columns: ['parent_workspace_id'], referencedColumns: ['id'] });
  });

  it('every table with workspace_id has it NOT NULL and tied to workspaces by foreign key', () => {
    const scoped = catalog.columns.filter((column) => column.name === 'workspace_id');
    // The PRD's workspace-scoped tables, plus the child tables the design doc gives a copy.
    const expected = TABLES.filter((spec) => spec.columns.includes('workspace_id'))
      .map((spec) => spec.table)
      .concat(['layout_versions', 'subscriptions', 'membership_permissions']);
    const scopedTables = scoped.map((column) => column.table);
    expect(expected.filter((table) => !scopedTables.includes(table))).toStrictEqual([]);
    // A direct FK to workspaces(id), or a composite FK (parent_id, workspace_id) to a parent
    // whose own workspace_id is tied to workspaces (docs/tenancy-and-rls.md).
    const tiedToWorkspaces = (table: string, seen: string[]): boolean =>
      catalog.foreignKeys.some((fk) => {
        const position = fk.columns.indexOf('workspace_id');
        if (fk.table !== table || position < 0) return false;
        const referenced = fk.referencedColumns[position];
        if (fk.references === 'workspaces') return referenced === 'id';
        return (
          referenced === 'workspace_id' &&
          !seen.includes(fk.references) &&
          tiedToWorkspaces(fk.references, [...seen, table])
        );
      });
    // A service-only table's workspace_id is data, not a tenant key (auth_tokens: the
    // workspace of an invitation, null for a password reset), so it may be null there.
    const serviceOnly = (table: string) => TABLE_REGISTRY[table]?.kind === 'service';
    const problems = scoped
      .filter(
        (column) =>
          (column.nullable && !serviceOnly(column.table)) || !tiedToWorkspaces(column.table, []),
      )
      .map((column) => column.table);
    expect(problems).toStrictEqual([]);
  });
});
