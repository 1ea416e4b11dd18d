import type { Tx } from '@aiconnected/db';
import {
  deleteStatement,
  insertRow,
  insertStatement,
  snapshotRows,
  updateStatement,
  type Row,
} from './rows';
import { WORKSPACE_KEYS, type TenantFixture, type WorkspaceKey } from './tenant-fixture';
import { asService, attempt, summarize, thenUndo } from './transactions';

/** What one member's insert, update and delete did to one table, per workspace. */
export interface WriteProbeResult {
  /** Per workspace: `ok`, or the SQLSTATE the insert failed with. */
  insert: Record<WorkspaceKey, string>;
  /** The UPDATE statement over one row per workspace: `ok` or its SQLSTATE. */
  updateStatement: string;
  /** Workspaces whose row the UPDATE changed (full row JSON compared as service). */
  updated: WorkspaceKey[];
  /** Workspaces whose row now holds the probe value. */
  updatedToProbeValue: WorkspaceKey[];
  deleteStatement: string;
  /** Workspaces whose row the DELETE removed. */
  deleted: WorkspaceKey[];
  /** Workspaces whose row the DELETE left in place but changed (must be none). */
  changedByDelete: WorkspaceKey[];
}

/** How to make rows of the probed table. */
export interface ProbedTable {
  table: string;
  newRow(svc: Tx, workspaceId: string): Promise<Row>;
  updateProbe: { column: string; value: unknown };
}

/**
 * Inside a request transaction (role `authenticated`): tries to insert a new row into every
 * fixture workspace (each attempt undone afterwards), then seeds one row per workspace as
 * service and tries one UPDATE and one DELETE over all of them, reading the rows back as
 * service after each step. The caller rolls the whole transaction back.
 */
export async function probeWrites(
  tx: Tx,
  fixture: TenantFixture,
  probed: ProbedTable,
): Promise<WriteProbeResult> {
  const { table, updateProbe } = probed;
  const insert = {} as Record<WorkspaceKey, string>;
  for (const key of WORKSPACE_KEYS) {
    insert[key] = await thenUndo(tx, async () => {
      const values = await asService(tx, (svc) => probed.newRow(svc, fixture.workspaceIds[key]));
      const { sql, params } = insertStatement(table, values);
      return summarize(await attempt(tx, sql, params));
    });
  }

  const targets = await asService(tx, async (svc) => {
    const ids = {} as Record<WorkspaceKey, string>;
    for (const key of WORKSPACE_KEYS)
      ids[key] = await insertRow(svc, table, await probed.newRow(svc, fixture.workspaceIds[key]));
    return ids;
  });
  const ids = Object.values(targets);
  const snapshot = () => asService(tx, (svc) => snapshotRows(svc, table, ids));
  const keysWhere = (test: (id: string) => boolean) =>
    WORKSPACE_KEYS.filter((key) => test(targets[key]));

  const beforeUpdate = await snapshot();
  const update = await attempt(tx, updateStatement(table, updateProbe.column), [
    updateProbe.value,
    ids,
  ]);
  const afterUpdate = await snapshot();
  const probeValue = await asService(tx, async (svc) => {
    const { rows } = await svc.query<{ id: string }>(
      `select id from public.${table} where id = any($1::uuid[]) and ${updateProbe.column} = $2`,
      [ids, updateProbe.value],
    );
    return new Set(rows.map((row) => row.id));
  });

  const del = await attempt(tx, deleteStatement(table), [ids]);
  const afterDelete = await snapshot();

  return {
    insert,
    updateStatement: summarize(update),
    updated: keysWhere((id) => beforeUpdate.get(id) !== afterUpdate.get(id)),
    updatedToProbeValue: keysWhere((id) => probeValue.has(id)),
    deleteStatement: summarize(del),
    deleted: keysWhere((id) => !afterDelete.has(id)),
    changedByDelete: keysWhere(
      (id) => afterDelete.has(id) && afterDelete.get(id) !== afterUpdate.get(id),
    ),
  };
}
