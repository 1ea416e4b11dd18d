import { describe, expect, it } from 'vitest';
import { setupRlsDatabase } from './support/rls-database';
import {
  holdsPlatformCapability,
  writableWorkspaces,
  type WriteRule,
} from './support/expectations';
import { REFERENCE_TABLES, WORKSPACE_TABLES } from './support/table-registry';
import {
  MEMBERS,
  WORKSPACE_KEYS,
  memberContext,
  type WorkspaceKey,
} from './support/tenant-fixture';
import { inRolledBackWorkspace } from './support/transactions';
import { probeWrites, type WriteProbeResult } from './support/write-probe';

// For every workspace-scoped table and every member: inserts into each of the six fixture
// workspaces, and an UPDATE and a DELETE over one row in each, succeed exactly where the
// member holds the table's capability in that workspace (its home, and for agency
// admins/managers the child businesses; super roles everywhere). Foreign tenants are
// never writable, and the home-workspace successes are the positive control that keeps a
// deny-all policy from passing. Each case runs in one rolled-back transaction.

const rls = setupRlsDatabase();

/** The result `probeWrites` must report when exactly the given workspaces are writable. */
function expectedResult(rules: {
  insert: WorkspaceKey[];
  update: WorkspaceKey[];
  delete: WorkspaceKey[];
}): WriteProbeResult {
  const insert = {} as Record<WorkspaceKey, string>;
  // 42501: RLS WITH CHECK violation or no INSERT privilege; never another error.
  for (const key of WORKSPACE_KEYS) insert[key] = rules.insert.includes(key) ? 'ok' : '42501';
  return {
    insert,
    updateStatement: 'ok',
    updated: rules.update,
    updatedToProbeValue: rules.update,
    deleteStatement: 'ok',
    deleted: rules.delete,
    changedByDelete: [],
  };
}

/** Statements that write nothing may also fail outright with 42501 (no UPDATE/DELETE privilege). */
function normalizeDenied(result: WriteProbeResult): WriteProbeResult {
  return {
    ...result,
    updateStatement:
      result.updated.length === 0 && result.updateStatement === '42501'
        ? 'ok'
        : result.updateStatement,
    deleteStatement:
      result.deleted.length === 0 && result.deleteStatement === '42501'
        ? 'ok'
        : result.deleteStatement,
  };
}

describe.each(WORKSPACE_TABLES)('$table writes', ({ table, entry }) => {
  it.each(MEMBERS)('$label writes exactly where it holds the capability', async (member) => {
    const result = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, member),
      (tx) =>
        probeWrites(tx, rls.fixture, {
          table,
          newRow: entry.newRow,
          updateProbe: entry.updateProbe,
        }),
    );
    const writable = (rule: WriteRule) => writableWorkspaces(member, rule);
    expect(normalizeDenied(result)).toStrictEqual(
      expectedResult({
        insert: writable(entry.insert),
        update: writable(entry.update),
        delete: writable(entry.delete),
      }),
    );
  });
});

describe.each(REFERENCE_TABLES)('$table writes (global)', ({ table, entry }) => {
  it.each(MEMBERS)('$label writes only with the platform capability', async (member) => {
    const result = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, member),
      (tx) =>
        probeWrites(tx, rls.fixture, {
          table,
          newRow: (svc) => entry.newRow(svc),
          updateProbe: entry.updateProbe,
        }),
    );
    const allowed =
      entry.platformCapability !== null && holdsPlatformCapability(member, entry.platformCapability)
        ? [...WORKSPACE_KEYS]
        : [];
    expect(normalizeDenied(result)).toStrictEqual(
      expectedResult({ insert: allowed, update: allowed, delete: allowed }),
    );
  });
});
