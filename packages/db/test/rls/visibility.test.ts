import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { describe, expect, it } from 'vitest';
import {
  holdsPlatformCapability,
  inTreeOrder,
  readableWorkspaces,
  visibleWorkspaces,
} from './support/expectations';
import { insertRow, selectIdsStatement } from './support/rows';
import { REFERENCE_TABLES, TABLE_REGISTRY, WORKSPACE_TABLES } from './support/table-registry';
import {
  MEMBERS,
  WORKSPACE_KEYS,
  memberContext,
  memberNamed,
  seedTenantTrees,
  userIdOf,
  type MemberSpec,
  type TenantFixture,
  type WorkspaceKey,
} from './support/tenant-fixture';
import { asAnon, attempt } from './support/transactions';

// One committed row per workspace-scoped table in each of super, A, A1, A2, B, B1; every
// member, acting in its home workspace, must see exactly the rows of its readable workspaces.

let test: TestDatabase;
let fixture: TenantFixture;
/** Seeded row ids: table -> workspace key -> id. */
const seeded: Record<string, Record<WorkspaceKey, string>> = {};
/** One seeded row per global reference table. */
const seededReference: Record<string, string> = {};
/** Seeded rows only platform capability holders read: table -> label -> id. */
const seededPlatformOnly: Record<string, Record<string, string>> = {};

setupTestDatabase(seedTenantTrees, async (setup) => {
  ({ database: test, tree: fixture } = setup);
  await test.db.withService('rls matrix: seed one row per workspace and table', async (svc) => {
    for (const { table, entry } of WORKSPACE_TABLES) {
      const ids = {} as Record<WorkspaceKey, string>;
      for (const key of WORKSPACE_KEYS) {
        ids[key] = await insertRow(svc, table, await entry.newRow(svc, fixture.workspaceIds[key]));
      }
      seeded[table] = ids;
    }
    for (const { table, entry } of REFERENCE_TABLES) {
      seededReference[table] = await insertRow(svc, table, await entry.newRow(svc));
      const platformOnly = await entry.platformOnlyRows?.newRows(svc);
      if (platformOnly) {
        const ids: Record<string, string> = {};
        for (const row of platformOnly) {
          const status = typeof row['status'] === 'string' ? row['status'] : 'row';
          const label = `${status}-${Object.keys(ids).length}`;
          ids[label] = await insertRow(svc, table, row);
        }
        seededPlatformOnly[table] = ids;
      }
    }
  });
});

/** The keys of `ids` (key -> id) whose ids `member` can select from `table`. */
async function selectAsMember(member: MemberSpec, table: string, ids: Record<string, string>) {
  const { rows } = await test.db.withWorkspace(memberContext(fixture, member), (tx) =>
    tx.query<{ id: string }>(selectIdsStatement(table), [Object.values(ids)]),
  );
  const seen = new Set(rows.map((row) => row.id));
  return Object.keys(ids).filter((key) => seen.has(ids[key] ?? ''));
}

describe.each(WORKSPACE_TABLES)('$table rows', ({ table, entry }) => {
  it.each(MEMBERS)('$label sees exactly its readable workspaces', async (member) => {
    const ids = seeded[table];
    if (!ids) throw new Error(`${table} was not seeded`);
    const seen = await selectAsMember(member, table, ids);
    expect(inTreeOrder(seen as WorkspaceKey[])).toStrictEqual(
      readableWorkspaces(member, entry.read),
    );
  });
});

describe('workspaces', () => {
  it.each(MEMBERS)('$label sees exactly its visible workspaces', async (member) => {
    const seen = await selectAsMember(member, 'workspaces', fixture.workspaceIds);
    expect(inTreeOrder(seen as WorkspaceKey[])).toStrictEqual(visibleWorkspaces(member));
  });
});

describe('users', () => {
  it.each(MEMBERS)(
    '$label sees itself and the members of its visible workspaces',
    async (member) => {
      const seen = await selectAsMember(member, 'users', fixture.userIds);
      const visible = visibleWorkspaces(member);
      const expected = MEMBERS.filter(
        (other) => other === member || visible.includes(other.home),
      ).map((other) => other.label);
      expect(seen.sort()).toStrictEqual(expected.sort());
    },
  );
});

describe('global reference tables', () => {
  it.each(REFERENCE_TABLES.flatMap(({ table }) => MEMBERS.map((member) => ({ table, member }))))(
    '$table is readable by $member.label',
    async ({ table, member }) => {
      const id = seededReference[table] ?? '';
      expect(await selectAsMember(member, table, { row: id })).toStrictEqual(['row']);
    },
  );
});

describe('global rows only the platform reads', () => {
  const cases = REFERENCE_TABLES.flatMap(({ table, entry }) =>
    entry.platformOnlyRows
      ? MEMBERS.map((member) => ({ table, member, cap: entry.platformOnlyRows?.readCapability }))
      : [],
  );
  it('are seeded (module_registry: a draft and a rejected version)', () => {
    expect(Object.keys(seededPlatformOnly['module_registry'] ?? {})).toStrictEqual([
      'draft-0',
      'rejected-1',
    ]);
  });
  it.each(cases)(
    '$table: $member.label reads them only with platform $cap',
    async ({ table, member, cap }) => {
      const ids = seededPlatformOnly[table] ?? {};
      const expected =
        cap !== undefined && holdsPlatformCapability(member, cap) ? Object.keys(ids) : [];
      expect(await selectAsMember(member, table, ids)).toStrictEqual(expected);
    },
  );
});

describe('module_registry reviews (036, 056)', () => {
  it.each(['A1.business_user', 'A1.business_admin', 'A.agency_admin', 'super.super_user'])(
    '%s reads no draft nor rejected version',
    async (label) => {
      const ids = Object.values(seededPlatformOnly['module_registry'] ?? {});
      const { rows } = await test.db.withWorkspace(
        memberContext(fixture, memberNamed(label)),
        (tx) =>
          tx.query(
            `select id, status from public.module_registry
              where id = any($1::uuid[]) or status <> 'registered'`,
            [ids],
          ),
      );
      expect(rows).toStrictEqual([]);
    },
  );

  /** A registered version with its review: importer, reviewer, note and assessment. */
  async function seedReviewedVersion(): Promise<string> {
    return test.db.withService('rls matrix: a reviewed registered version', async (svc) => {
      const reviewer = userIdOf(fixture, memberNamed('super.super_manager'));
      return insertRow(svc, 'module_registry', {
        module_key: `rls-reviewed-${Date.now()}`,
        version: '1.0.0',
        manifest_json: { name: 'Reviewed' },
        status: 'registered',
        registered_at: new Date(),
        created_by_user_id: reviewer,
        reviewed_at: new Date(),
        reviewed_by_user_id: reviewer,
        review_note: 'Approved; watch the webhook retries',
        assessment_json: { outcome: 'accepted', counts: { blocking: 0, warning: 1 } },
      });
    });
  }

  const REVIEW_COLUMNS = [
    'assessment_json',
    'created_by_user_id',
    'reviewed_at',
    'reviewed_by_user_id',
    'review_note',
  ];

  it.each(MEMBERS)(
    '$label reads a registered version, but its review only with platform modules.install',
    async (member) => {
      const id = await seedReviewedVersion();
      const seen = await test.db.withWorkspace(memberContext(fixture, member), async (tx) => {
        const row = await tx.query<{ status: string }>(
          `select id, module_key, version, status, origin, manifest_json, registered_at,
                  created_at, updated_at from public.module_registry where id = $1`,
          [id],
        );
        // Each review column refused to every request (the column privilege, 056).
        const columns: Record<string, string> = {};
        for (const column of REVIEW_COLUMNS) {
          const outcome = await attempt(
            tx,
            `select ${column} from public.module_registry where id = $1`,
            [id],
          );
          columns[column] = outcome.ok ? `rows:${outcome.rowCount}` : outcome.code;
        }
        const reviews = await tx.query<{ review_note: string; reviewed: boolean }>(
          `select review_note, reviewed_by_user_id is not null as reviewed
             from shell.module_registry_reviews() where registry_id = $1`,
          [id],
        );
        return { registered: row.rows.map((r) => r.status), columns, reviews: reviews.rows };
      });
      expect(seen).toStrictEqual({
        registered: ['registered'],
        columns: Object.fromEntries(REVIEW_COLUMNS.map((column) => [column, '42501'])),
        reviews: holdsPlatformCapability(member, 'modules.install')
          ? [{ review_note: 'Approved; watch the webhook retries', reviewed: true }]
          : [],
      });
    },
  );

  it('super_manager (platform modules.install) reads the reviews of drafts and rejected versions', async () => {
    const ids = Object.values(seededPlatformOnly['module_registry'] ?? {});
    const { rows } = await test.db.withWorkspace(
      memberContext(fixture, memberNamed('super.super_manager')),
      (tx) =>
        tx.query<{ status: string; review_note: string | null; reviewed: boolean }>(
          `select r.status, rv.review_note, rv.reviewed_by_user_id is not null as reviewed
             from public.module_registry r
             join shell.module_registry_reviews() rv on rv.registry_id = r.id
            where r.id = any($1::uuid[]) order by r.status`,
          [ids],
        ),
    );
    expect(rows).toStrictEqual([
      { status: 'draft', review_note: null, reviewed: false },
      { status: 'rejected', review_note: 'Refused in review', reviewed: true },
    ]);
  });
});

describe('platform rows from another workspace (056)', () => {
  // has_platform_permission asks for the active workspace, as holdsPlatformCapability does: a
  // super member switched into a tenant reads there what that tenant reads, no platform rows.
  it.each(['A', 'A1', 'B1'] as const)(
    'super_admin acting in %s reads no draft of the registry or the SDK contracts, and no review',
    async (key) => {
      const member = memberNamed('super.super_admin');
      const context = memberContext(fixture, member, { workspace_id: fixture.workspaceIds[key] });
      const seen = await test.db.withWorkspace(context, async (tx) => {
        const registry = await tx.query(selectIdsStatement('module_registry'), [
          Object.values(seededPlatformOnly['module_registry'] ?? {}),
        ]);
        const contracts = await tx.query(selectIdsStatement('sdk_contract_versions'), [
          Object.values(seededPlatformOnly['sdk_contract_versions'] ?? {}),
        ]);
        const reviews = await tx.query('select registry_id from shell.module_registry_reviews()');
        return {
          registry: registry.rowCount,
          contracts: contracts.rowCount,
          reviews: reviews.rowCount,
        };
      });
      expect(seen).toStrictEqual({ registry: 0, contracts: 0, reviews: 0 });
      // The same member in the super workspace reads them all.
      const home = await test.db.withWorkspace(memberContext(fixture, member), (tx) =>
        tx.query(selectIdsStatement('sdk_contract_versions'), [
          Object.values(seededPlatformOnly['sdk_contract_versions'] ?? {}),
        ]),
      );
      expect(home.rowCount).toBe(1);
    },
  );
});

describe('anon', () => {
  it.each(Object.keys(TABLE_REGISTRY))('reads nothing of %s', async (table) => {
    const outcome = await asAnon(test.admin, (client) =>
      attempt(client, `select * from public.${table}`),
    );
    // Permission denied (anon holds no privilege); an empty result would do too.
    expect(outcome.ok ? `rows:${outcome.rowCount}` : outcome.code).toMatch(/^(42501|rows:0)$/);
  });
});

it('the fixture holds one user per role template and workspace level', () => {
  expect(MEMBERS).toHaveLength(18);
  expect(new Set(MEMBERS.map((member) => userIdOf(fixture, member))).size).toBe(18);
});
