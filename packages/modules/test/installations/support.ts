import { randomUUID } from 'node:crypto';
import {
  setupTenantTreeDatabase,
  type TenantTree,
  type TenantUserKey,
  type TenantWorkspaceKey,
  type TestDatabase,
} from '@aiconnected/db/testing';
import type { RoleTemplate } from '@aiconnected/permissions';
import { afterAll, beforeAll } from 'vitest';
import { actorOf, startHealthStandIn, type HealthStandIn } from '../../src/testing';

// The tree's acting context and a call's refusal live in `@aiconnected/modules/testing`
// (shared with packages/events' tests).
export { actorOf, failure } from '../../src/testing';

/** A module key unique in this file's database. */
export function freshKey(prefix = 'mod'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** What a modules test file works with: its tenant tree database and a health stand-in. */
export interface ModulesTestSetup {
  test: TestDatabase;
  tree: TenantTree;
  targets: HealthStandIn;
}

/**
 * A test file's setup: a tenant tree database (`setupTenantTreeDatabase`) and module targets
 * stood in on loopback (`startHealthStandIn`, closed after the file); `use` gets both once
 * they are ready, before the file's own `beforeAll`s.
 */
export function setupModulesDatabase(use: (setup: ModulesTestSetup) => void): void {
  let targets: HealthStandIn | undefined;
  let database: { test: TestDatabase; tree: TenantTree } | undefined;
  setupTenantTreeDatabase((setup) => {
    database = { test: setup.database, tree: setup.tree };
  });
  beforeAll(async () => {
    targets = await startHealthStandIn();
    if (database === undefined) throw new Error('setupTenantTreeDatabase did not run first');
    use({ ...database, targets });
  });
  afterAll(async () => {
    await targets?.close();
  });
}

/**
 * The tree's acting contexts the modules tests use (`actorOf`, each in its own workspace and
 * role) and `ws(key)`, the workspace's id; `treeOf` answers the file's tree once set up.
 */
export function treeActors(treeOf: () => TenantTree) {
  const acting = (user: TenantUserKey, workspace: TenantWorkspaceKey, role: RoleTemplate) => () =>
    actorOf(treeOf(), user, workspace, role);
  return {
    ws: (key: TenantWorkspaceKey) => treeOf().workspaces[key].id,
    superAdmin: acting('superAdmin', 'S', 'super_admin'),
    agencyAdminA: acting('agencyAdminA', 'A', 'agency_admin'),
    agencyManagerA: acting('agencyManagerA', 'A', 'agency_manager'),
    agencyUserA: acting('agencyUserA', 'A', 'agency_user'),
    agencyAdminB: acting('agencyAdminB', 'B', 'agency_admin'),
    businessAdminA1: acting('businessAdminA1', 'A1', 'business_admin'),
    businessManagerA1: acting('businessManagerA1', 'A1', 'business_manager'),
    businessUserA1: acting('businessUserA1', 'A1', 'business_user'),
  };
}

/** A correlation id for one call, unique enough to find its audit rows. */
export const cid = (what: string) => `test-${what}-${Math.random().toString(36).slice(2, 10)}`;
