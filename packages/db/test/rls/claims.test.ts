import { randomUUID } from 'node:crypto';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { CAPABILITIES, CHILD_GOVERNING_ROLES, type RoleTemplate } from '@aiconnected/permissions';
import { describe, expect, it } from 'vitest';
import { writableWorkspaces } from './support/expectations';
import { insertRow, insertStatement } from './support/rows';
import { TABLE_REGISTRY, WORKSPACE_TABLES, workspaceTableEntry } from './support/table-registry';
import {
  MEMBERS,
  memberNamed,
  WORKSPACE_KEYS,
  WORKSPACE_TREE,
  memberContext,
  seedTenantTrees,
  type MemberSpec,
  type TenantFixture,
  type WorkspaceKey,
} from './support/tenant-fixture';
import { asAnon, attempt, inRolledBackWorkspace, summarize } from './support/transactions';
import { probeWrites } from './support/write-probe';

// Claims are what the server computed; the database must not let them widen access: a
// workspace without a governing membership shows nothing, and a capability the memberships
// do not grant writes nothing.

let test: TestDatabase;
let fixture: TenantFixture;
/** One committed contact per fixture workspace, to observe visibility. */
const contacts = {} as Record<WorkspaceKey, string>;

setupTestDatabase(seedTenantTrees, async (setup) => {
  ({ database: test, tree: fixture } = setup);
  await test.db.withService('rls matrix: seed contacts', async (svc) => {
    for (const key of WORKSPACE_KEYS) {
      contacts[key] = await insertRow(svc, 'contacts', {
        workspace_id: fixture.workspaceIds[key],
        name: `RLS ${key}`,
      });
    }
  });
});

/** What a request with `context` sees of the fixture workspaces and contacts, and whether it can add a contact to its claimed workspace. */
async function observe(context: ReturnType<typeof memberContext>) {
  return inRolledBackWorkspace(test.db, context, async (tx) => {
    const ids = [...Object.values(fixture.workspaceIds), ...Object.values(contacts)];
    const { rows } = await tx.query<{ id: string }>(
      `select id from public.workspaces where id = any($1::uuid[])
       union all select id from public.contacts where id = any($1::uuid[])`,
      [ids],
    );
    const seen = new Set(rows.map((row) => row.id));
    const { sql, params } = insertStatement('contacts', {
      workspace_id: context.workspace_id,
      name: 'Claimed',
    });
    return {
      workspaces: WORKSPACE_KEYS.filter((key) => seen.has(fixture.workspaceIds[key])),
      contacts: WORKSPACE_KEYS.filter((key) => seen.has(contacts[key])),
      insertContact: summarize(await attempt(tx, sql, params)),
    };
  });
}

const isGoverning = (role: RoleTemplate) =>
  (CHILD_GOVERNING_ROLES as readonly RoleTemplate[]).includes(role);

/**
 * What claiming `target` as the active workspace should show `member`: nothing without a
 * governing membership (own membership, a parent-agency admin/manager one, or a super one);
 * otherwise the super workspace shows all, an agency itself plus, for super and agency
 * admin/manager memberships, its businesses, and a business itself alone.
 */
function expectedForClaim(member: MemberSpec, target: WorkspaceKey): WorkspaceKey[] {
  const node = WORKSPACE_TREE.find((candidate) => candidate.key === target);
  if (!node) throw new Error(`unknown workspace ${target}`);
  const isSuper = member.home === 'super';
  const governs =
    isSuper ||
    target === member.home ||
    (node.type === 'business' && node.parent === member.home && isGoverning(member.role));
  if (!governs) return [];
  if (node.type === 'super') return [...WORKSPACE_KEYS];
  if (node.type === 'agency' && (isSuper || isGoverning(member.role))) {
    return [
      target,
      ...WORKSPACE_TREE.filter((child) => child.parent === target).map((child) => child.key),
    ];
  }
  return [target];
}

describe('claimed active workspace', () => {
  const cases = MEMBERS.flatMap((member) =>
    WORKSPACE_KEYS.map((target) => ({ member, target, label: `${member.label} -> ${target}` })),
  );
  it.each(cases)('$label', async ({ member, target }) => {
    const seen = await observe(
      memberContext(fixture, member, { workspace_id: fixture.workspaceIds[target] }),
    );
    const expected = expectedForClaim(member, target);
    expect(seen).toStrictEqual({
      workspaces: expected,
      contacts: expected,
      insertContact: expected.length > 0 ? 'ok' : '42501',
    });
  });

  it('an impersonation claim into a foreign tenant shows nothing', async () => {
    const member = memberNamed('A.agency_admin');
    const impersonation = {
      active: true,
      actor_user_id: randomUUID(),
      actor_workspace_id: fixture.workspaceIds.A,
      target_workspace_id: fixture.workspaceIds.B1,
    };
    const seen = await observe(
      memberContext(fixture, member, { workspace_id: fixture.workspaceIds.B1, impersonation }),
    );
    expect(seen).toStrictEqual({ workspaces: [], contacts: [], insertContact: '42501' });
  });
});

describe('claimed capabilities', () => {
  const capabilityTables = WORKSPACE_TABLES.filter(
    ({ entry }) => entry.insert.kind === 'capability',
  );
  const cases = capabilityTables.flatMap(({ table, entry }) =>
    MEMBERS.filter(
      (member) => member.role.endsWith('_user') || member.role.endsWith('_manager'),
    ).map((member) => ({ table, entry, member, label: `${table}: ${member.label}` })),
  );
  it.each(cases)(
    '$label claiming every capability writes only what its role grants',
    async ({ table, entry, member }) => {
      const context = memberContext(fixture, member, { permissions: [...CAPABILITIES] });
      const result = await inRolledBackWorkspace(test.db, context, (tx) =>
        probeWrites(tx, fixture, { table, ...entry }),
      );
      const ok = (rule: typeof entry.insert) => writableWorkspaces(member, rule);
      expect(WORKSPACE_KEYS.filter((key) => result.insert[key] === 'ok')).toStrictEqual(
        ok(entry.insert),
      );
      expect(result.updated).toStrictEqual(ok(entry.update));
      expect(result.deleted).toStrictEqual(ok(entry.delete));
    },
  );

  it('a super_admin whose claims hold no capability writes nothing, though it still reads everything', async () => {
    const member = memberNamed('super.super_admin');
    const context = memberContext(fixture, member, { permissions: [] });
    const result = await inRolledBackWorkspace(test.db, context, (tx) =>
      probeWrites(tx, fixture, { table: 'themes', ...workspaceTableEntry('themes') }),
    );
    expect(result).toMatchObject({ updated: [], deleted: [] });
    expect(Object.values(result.insert)).toStrictEqual(WORKSPACE_KEYS.map(() => '42501'));
    expect((await observe(context)).workspaces).toStrictEqual([...WORKSPACE_KEYS]);
  });
});

describe('anon', () => {
  it.each(Object.keys(TABLE_REGISTRY))('cannot insert into %s', async (table) => {
    const outcome = await asAnon(test.admin, (client) =>
      attempt(client, `insert into public.${table} default values`),
    );
    expect(summarize(outcome)).toBe('42501');
  });
});

describe('authenticated without claims', () => {
  it('sees no workspace-scoped row', async () => {
    const client = await test.admin.connect();
    try {
      await client.query('begin');
      await client.query('set local role authenticated');
      const { rows } = await client.query(
        'select id from public.contacts union all select id from public.workspaces',
      );
      expect(rows).toStrictEqual([]);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
