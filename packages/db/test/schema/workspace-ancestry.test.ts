import {
  setupTenantTreeDatabase,
  type TenantTree,
  type TestDatabase,
  type TenantWorkspaceKey,
} from '@aiconnected/db/testing';
import { describe, expect, it } from 'vitest';

// Migration 032: shell.workspace_ancestry is the one ancestry walk (root first, bounded,
// cycle-guarded) that shell.theme_chain and shell.login_screen_chain join, each keeping its
// own columns and order.

let test: TestDatabase;
let tree: TenantTree;

setupTenantTreeDatabase((setup) => {
  ({ database: test, tree } = setup);
});

const id = (key: TenantWorkspaceKey) => tree.workspaces[key].id;

async function ancestry(workspaceId: string) {
  const { rows } = await test.admin.query<{ depth: number; up: number; workspace_id: string }>(
    'select depth, up, workspace_id from shell.workspace_ancestry($1)',
    [workspaceId],
  );
  return rows;
}

describe('shell.workspace_ancestry (032)', () => {
  it('answers a business, its agency and the super workspace, root first', async () => {
    const { rows } = await test.admin.query<{ id: string }>(
      "select id from public.workspaces where type = 'super'",
    );
    const root = rows[0]?.id;
    expect(await ancestry(id('A1'))).toStrictEqual([
      { depth: 0, up: 2, workspace_id: root },
      { depth: 1, up: 1, workspace_id: id('A') },
      { depth: 2, up: 0, workspace_id: id('A1') },
    ]);
    expect(await ancestry('00000000-0000-0000-0000-000000000000')).toStrictEqual([]);
  });

  it('is what both chains walk: theme_chain root first, login_screen_chain the workspace first', async () => {
    const walk = (await ancestry(id('A1'))).map((row) => row.workspace_id);
    const theme = await test.admin.query<{ depth: number; workspace_id: string }>(
      'select depth, workspace_id from shell.theme_chain($1)',
      [id('A1')],
    );
    const login = await test.admin.query<{ depth: number; workspace_id: string }>(
      'select depth, workspace_id from shell.login_screen_chain($1)',
      [id('A1')],
    );
    expect({
      theme: theme.rows,
      login: login.rows,
    }).toStrictEqual({
      theme: walk.map((workspace_id, depth) => ({ depth, workspace_id })),
      login: [...walk].reverse().map((workspace_id, depth) => ({ depth, workspace_id })),
    });
  });

  it('stops at a cycle in parent links instead of repeating a workspace', async () => {
    // A cycle cannot be written through the app (triggers refuse it); forced here with the
    // triggers off, inside a transaction that is rolled back.
    const client = await test.admin.connect();
    try {
      await client.query('begin');
      await client.query("set local session_replication_role = 'replica'");
      await client.query('update public.workspaces set parent_workspace_id = $1 where id = $2', [
        id('A1'),
        id('A'),
      ]);
      const { rows } = await client.query<{ workspace_id: string }>(
        'select workspace_id from shell.workspace_ancestry($1)',
        [id('A1')],
      );
      expect(rows.map((row) => row.workspace_id)).toStrictEqual([id('A'), id('A1')]);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('is executable by service_role only', async () => {
    const { rows } = await test.admin.query(
      `select r.rolname as role,
              has_function_privilege(r.rolname, 'shell.workspace_ancestry(uuid)', 'EXECUTE') as execute
         from pg_roles r where r.rolname in ('anon', 'authenticated', 'service_role')
        order by r.rolname`,
    );
    expect(rows).toStrictEqual([
      { role: 'anon', execute: false },
      { role: 'authenticated', execute: false },
      { role: 'service_role', execute: true },
    ]);
  });
});
