import { type TenantTree, type TestDatabase } from '@aiconnected/db/testing';
import { describe, expect, it } from 'vitest';
import { enableModule, installModule, listAvailableModules } from '../../src';
import { registerTestModule, testManifest, type HealthStandIn } from '../../src/testing';
import { actorOf, freshKey, setupModulesDatabase } from './support';

// GET /modules/available is the layout's navigation call on every page (bench:modules runs it
// with 50 enabled modules): its cost in round trips to Postgres must not grow with the number
// of modules (no query per module). Statements are counted on the pool's clients while the
// call runs (pg's own Client#query, wrapped for the count only; nothing is stubbed).

let test: TestDatabase;
let tree: TenantTree;
let targets: HealthStandIn;

setupModulesDatabase((setup) => {
  ({ test, tree, targets } = setup);
});

/** The statements `call` sends through `test.db`'s pool, and its result. */
async function countStatements<T>(
  call: () => Promise<T>,
): Promise<{ statements: number; result: T }> {
  let statements = 0;
  const restore: (() => void)[] = [];
  const onAcquire = (client: { query: (...args: never[]) => unknown }) => {
    const original = client.query;
    client.query = (...args: never[]) => {
      statements += 1;
      return original.apply(client, args);
    };
    restore.push(() => {
      client.query = original;
    });
  };
  test.db.pool.on('acquire', onAcquire);
  try {
    const result = await call();
    return { statements, result };
  } finally {
    test.db.pool.off('acquire', onAcquire);
    for (const undo of restore) undo();
  }
}

describe('listAvailableModules round trips', () => {
  it('sends as many statements for 12 enabled modules as for 1 (one query for the list)', async () => {
    const superAdmin = actorOf(tree, 'superAdmin', 'S', 'super_admin');
    const agencyAdmin = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const businessUser = actorOf(tree, 'businessUserA1', 'A1', 'business_user');
    const workspaceId = tree.workspaces.A1.id;
    const baseUrl = targets.baseUrl('healthy');

    async function addEnabledModules(count: number) {
      for (let index = 0; index < count; index += 1) {
        const manifest = testManifest({
          key: freshKey('trips'),
          baseUrl,
          adminPages: { '/reports': 'member', '/settings': 'admin' },
        });
        await registerTestModule(test.db, superAdmin, manifest);
        const transition = {
          actor: agencyAdmin,
          workspaceId,
          moduleKey: manifest.id,
          correlationId: `test-trips-${index}`,
        };
        await installModule(test.db, transition);
        await enableModule(test.db, transition);
      }
    }
    const list = (actor: typeof agencyAdmin) =>
      countStatements(() => listAvailableModules(test.db, { actor, workspaceId }));

    await addEnabledModules(1);
    const oneAsManager = await list(agencyAdmin);
    const oneAsMember = await list(businessUser);
    await addEnabledModules(11);
    const twelveAsManager = await list(agencyAdmin);
    const twelveAsMember = await list(businessUser);

    expect(
      [oneAsManager, oneAsMember, twelveAsManager, twelveAsMember].map(
        (r) => r.result.items.length,
      ),
    ).toStrictEqual([1, 1, 12, 12]);
    expect(twelveAsMember.result.items.every((item) => item.navigation.length === 2)).toBe(true);
    expect({
      manager: twelveAsManager.statements,
      member: twelveAsMember.statements,
    }).toStrictEqual({ manager: oneAsManager.statements, member: oneAsMember.statements });
    // begin, the claims, the actor's memberships in the active workspace (as the service: role,
    // read, role back), again in the target one when it is not the active one (A -> A1 for the
    // agency admin), the list itself (one query), commit: 10 and 7.
    expect(oneAsManager.statements).toBeLessThanOrEqual(10);
    expect(oneAsMember.statements).toBeLessThanOrEqual(7);
  });
});
