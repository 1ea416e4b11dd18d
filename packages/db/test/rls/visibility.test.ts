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

describe('module_registry reviews (036)', () => {
  it.each(['A1.business_user', 'A1.business_admin', 'A.agency_admin', 'super.super_user'])(
    '%s reads no review note nor reviewer of a version that is not registered',
    async (label) => {
      const ids = Object.values(seededPlatformOnly['module_registry'] ?? {});
      const { rows } = await test.db.withWorkspace(
        memberContext(fixture, memberNamed(label)),
        (tx) =>
          tx.query(
            `select status, review_note, reviewed_by_user_id from public.module_registry
              where id = any($1::uuid[]) or status <> 'registered' or review_note is not null`,
            [ids],
          ),
      );
      expect(rows).toStrictEqual([]);
    },
  );

  it('super_manager (platform modules.install) reads them', async () => {
    const ids = Object.values(seededPlatformOnly['module_registry'] ?? {});
    const { rows } = await test.db.withWorkspace(
      memberContext(fixture, memberNamed('super.super_manager')),
      (tx) =>
        tx.query<{ status: string; review_note: string | null; reviewed: boolean }>(
          `select status, review_note, reviewed_by_user_id is not null as reviewed
             from public.module_registry where id = any($1::uuid[]) order by status`,
          [ids],
        ),
    );
    expect(rows).toStrictEqual([
      { status: 'draft', review_note: null, reviewed: false },
      { status: 'rejected', review_note: 'Refused in review', reviewed: true },
    ]);
  });
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
