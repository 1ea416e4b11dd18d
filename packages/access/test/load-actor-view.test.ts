import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { ROLE_CAPABILITIES, type Capability, type RoleTemplate } from '@aiconnected/permissions';
import { describe, expect, it } from 'vitest';
import { loadActorView } from '@aiconnected/access';
import {
  actorContext,
  seedAccessTree,
  type AccessTree,
  type UserKey,
  type WorkspaceKey,
} from './support/access-tree';

let test: TestDatabase;
let tree: AccessTree;

setupTestDatabase(seedAccessTree, (seeded) => {
  ({ database: test, tree } = seeded);
});

const KEYS: WorkspaceKey[] = ['S', 'A', 'A1', 'A2', 'B', 'B1'];
const sorted = (values: readonly string[]) => [...values].sort();

/**
 * What `user`, acting in `workspace` as `role`, sees through its actor view: per workspace
 * key, its capabilities there, or null when it cannot see it; and its platform scope.
 */
async function seenBy(
  user: UserKey,
  workspace: WorkspaceKey,
  role: RoleTemplate,
  claims?: readonly Capability[],
) {
  const actor = actorContext(tree, user, workspace, role, claims);
  return test.db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    const seen = {} as Record<WorkspaceKey, Capability[] | null>;
    // One at a time: accessTo switches the role of the transaction.
    for (const key of KEYS) {
      seen[key] = (await view.accessTo(tree.workspaces[key].id))?.capabilities ?? null;
    }
    return { active: view.active?.workspace.id ?? null, seen, platformScope: view.platformScope };
  });
}

describe('loadActorView', () => {
  it('shows an agency admin its agency and the agency businesses, nothing of another tenant', async () => {
    const { active, seen, platformScope } = await seenBy('agencyAdminA', 'A', 'agency_admin');
    const admin = sorted(ROLE_CAPABILITIES.agency_admin);
    expect(active).toBe(tree.workspaces.A.id);
    expect(seen).toStrictEqual({ S: null, A: admin, A1: admin, A2: admin, B: null, B1: null });
    expect(platformScope).toBe(false);
  });

  it('shows an agency manager the businesses too, with its deny override applied there', async () => {
    const { seen } = await seenBy('agencyManagerA', 'A', 'agency_manager');
    const manager = sorted(ROLE_CAPABILITIES.agency_manager).filter(
      (capability) => capability !== 'users.manage',
    );
    expect(seen).toMatchObject({ A: manager, A1: manager, A2: manager, B1: null });
  });

  it('shows an agency user its agency only: its role does not govern the businesses', async () => {
    const { seen } = await seenBy('agencyUserA', 'A', 'agency_user');
    expect(seen).toStrictEqual({ S: null, A: [], A1: null, A2: null, B: null, B1: null });
  });

  it('shows a super member acting in an agency that agency and its businesses only', async () => {
    const { seen } = await seenBy('superAdmin', 'A', 'super_admin');
    const superAdmin = sorted(ROLE_CAPABILITIES.super_admin);
    expect(seen).toStrictEqual({
      S: null,
      A: superAdmin,
      A1: superAdmin,
      A2: superAdmin,
      B: null,
      B1: null,
    });
  });

  it('shows a super member acting in the super workspace every workspace', async () => {
    const { seen, platformScope } = await seenBy('superUser', 'S', 'super_user');
    expect(seen).toStrictEqual({ S: [], A: [], A1: [], A2: [], B: [], B1: [] });
    expect(platformScope).toBe(false);
  });

  it('grants only what the request claims, and platform scope to a super users manager', async () => {
    const claims: Capability[] = ['settings.manage', 'users.manage'];
    const claimed = await seenBy('superAdmin', 'S', 'super_admin', claims);
    expect(claimed.seen.B1).toStrictEqual(claims);
    expect(claimed.platformScope).toBe(true);
    const unclaimed = await seenBy('superAdmin', 'S', 'super_admin', ['settings.manage']);
    expect(unclaimed.platformScope).toBe(false);
  });

  it('sees nothing when no membership governs the active workspace', async () => {
    const { active, seen } = await seenBy('businessAdminA1', 'A', 'business_admin');
    expect(active).toBeNull();
    expect(seen).toStrictEqual({ S: null, A: null, A1: null, A2: null, B: null, B1: null });
  });
});
