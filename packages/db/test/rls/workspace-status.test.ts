import type { Tx } from '@aiconnected/db';
import { describe, expect, it } from 'vitest';
import { setupRlsDatabase } from './support/rls-database';
import { insertRow } from './support/rows';
import { memberContext, memberNamed, type WorkspaceKey } from './support/tenant-fixture';
import {
  asService,
  attempt,
  inRolledBackService,
  inRolledBackWorkspace,
  summarize,
} from './support/transactions';

// 017: a workspace's status changes only with settings.manage in its PARENT workspace (or as
// service), and a suspended or archived workspace is invisible to its own members while its
// parent agency's admins/managers and super still govern it.

const rls = setupRlsDatabase();

/** As service, inside the request transaction: sets the status of workspace `key`. */
const setStatusAsService = (tx: Tx, key: WorkspaceKey, status: string) =>
  asService(tx, (svc) =>
    svc.query('update public.workspaces set status = $1 where id = $2', [
      status,
      rls.fixture.workspaceIds[key],
    ]),
  );

/** Tries to set the status of workspace `key` through request code. */
const setStatus = async (tx: Tx, key: WorkspaceKey, status: string) =>
  summarize(
    await attempt(tx, 'update public.workspaces set status = $1 where id = $2', [
      status,
      rls.fixture.workspaceIds[key],
    ]),
    true,
  );

/** The rls.fixture workspace keys the request sees. */
async function seenWorkspaces(tx: Tx): Promise<WorkspaceKey[]> {
  const { rows } = await tx.query<{ id: string }>('select id from public.workspaces');
  const ids = new Set(rows.map((row) => row.id));
  return (Object.keys(rls.fixture.workspaceIds) as WorkspaceKey[]).filter((key) =>
    ids.has(rls.fixture.workspaceIds[key]),
  );
}

describe('who changes a workspace status', () => {
  it.each([
    { actor: 'A1.business_admin', target: 'A1', expected: '42501' },
    { actor: 'A.agency_admin', target: 'A', expected: '42501' },
    { actor: 'super.super_admin', target: 'super', expected: '42501' },
    // No settings.manage in A1 at all: the UPDATE policy already hides the row.
    { actor: 'A.agency_manager', target: 'A1', expected: 'ok:0' },
    { actor: 'A.agency_admin', target: 'A1', expected: 'ok:1' },
    { actor: 'super.super_admin', target: 'A', expected: 'ok:1' },
    { actor: 'super.super_admin', target: 'B1', expected: 'ok:1' },
  ] as const)('$actor suspending $target: $expected', async ({ actor, target, expected }) => {
    const outcome = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed(actor)),
      (tx) => setStatus(tx, target, 'suspended'),
    );
    expect(outcome).toBe(expected);
  });

  it('the trigger names the rule', async () => {
    const outcome = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed('A1.business_admin')),
      (tx) =>
        attempt(tx, "update public.workspaces set status = 'archived' where id = $1", [
          rls.fixture.workspaceIds.A1,
        ]),
    );
    expect(outcome).toMatchObject({
      ok: false,
      code: '42501',
      message: expect.stringContaining('settings.manage in its parent workspace'),
    });
  });

  it('the service changes any status, the super workspace included', async () => {
    const outcome = await inRolledBackService(rls.test.db, 'rls matrix: status as service', (svc) =>
      attempt(svc, "update public.workspaces set status = 'suspended' where type = 'super'"),
    );
    expect(summarize(outcome, true)).toBe('ok:1');
  });

  it('a rename by the workspace admin is not a status change', async () => {
    const outcome = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed('A1.business_admin')),
      (tx) =>
        attempt(
          tx,
          "update public.workspaces set name = 'Renamed', status = status where id = $1",
          [rls.fixture.workspaceIds.A1],
        ),
    );
    expect(summarize(outcome, true)).toBe('ok:1');
  });
});

describe.each(['suspended', 'archived'])('a %s business', (status) => {
  it('is invisible to its own members, who cannot reactivate it', async () => {
    for (const label of ['A1.business_admin', 'A1.business_user']) {
      const result = await inRolledBackWorkspace(
        rls.test.db,
        memberContext(rls.fixture, memberNamed(label)),
        async (tx) => {
          const contact = await asService(tx, (svc) =>
            insertRow(svc, 'contacts', {
              workspace_id: rls.fixture.workspaceIds.A1,
              name: 'Hidden',
            }),
          );
          await setStatusAsService(tx, 'A1', status);
          const contacts = await tx.query('select 1 from public.contacts where id = $1', [contact]);
          return {
            workspaces: await seenWorkspaces(tx),
            contacts: contacts.rowCount,
            reactivate: await setStatus(tx, 'A1', 'active'),
          };
        },
      );
      expect(result, label).toStrictEqual({ workspaces: [], contacts: 0, reactivate: 'ok:0' });
    }
  });

  it('stays visible to its agency_admin, who reactivates it', async () => {
    const result = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed('A.agency_admin')),
      async (tx) => {
        await setStatusAsService(tx, 'A1', status);
        const seen = await seenWorkspaces(tx);
        const reactivate = await setStatus(tx, 'A1', 'active');
        const after = await asService(tx, (svc) =>
          svc.query<{ status: string }>('select status from public.workspaces where id = $1', [
            rls.fixture.workspaceIds.A1,
          ]),
        );
        return { seen, reactivate, status: after.rows[0]?.status };
      },
    );
    expect(result).toStrictEqual({ seen: ['A', 'A1', 'A2'], reactivate: 'ok:1', status: 'active' });
  });

  it('stays visible to super', async () => {
    const seen = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed('super.super_user')),
      async (tx) => {
        await setStatusAsService(tx, 'A1', status);
        return seenWorkspaces(tx);
      },
    );
    expect(seen).toStrictEqual(['super', 'A', 'A1', 'A2', 'B', 'B1']);
  });
});

describe('a suspended agency', () => {
  it.each(['A', 'A1'] as const)(
    'locks its agency_admin out, acting in %s (its membership governs nothing)',
    async (active) => {
      const seen = await inRolledBackWorkspace(
        rls.test.db,
        memberContext(rls.fixture, memberNamed('A.agency_admin'), {
          workspace_id: rls.fixture.workspaceIds[active],
        }),
        async (tx) => {
          await setStatusAsService(tx, 'A', 'suspended');
          return seenWorkspaces(tx);
        },
      );
      expect(seen).toStrictEqual([]);
    },
  );

  it('is reactivated by super', async () => {
    const reactivate = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed('super.super_admin')),
      async (tx) => {
        await setStatusAsService(tx, 'A', 'suspended');
        return setStatus(tx, 'A', 'active');
      },
    );
    expect(reactivate).toBe('ok:1');
  });
});
