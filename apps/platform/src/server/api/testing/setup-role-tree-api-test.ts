import type { ApiTestSetup } from './setup-api-test';
import { setupApiTestFixture } from './setup-api-test-fixture';
import {
  as,
  seedRoleTree,
  signInAll,
  type MemberLabel,
  type RoleTree,
  type TreeKey,
  type TreeMember,
  type TreeWorkspace,
} from './cross-tenant-tree';

/** A role-tree API test file's setup: the tree, the API, and every member's session token. */
export type RoleTreeSetup = ApiTestSetup<RoleTree> & { tokens: Record<MemberLabel, string> };

/** What the tests of a role-tree API test file read: the setup and shorthands on it. */
export interface RoleTreeApiTest {
  /** Read once the file's `beforeAll` has run (`setupApiTestFixture`). */
  setup: RoleTreeSetup;
  /** A workspace of the tree. */
  ws: (key: TreeKey) => TreeWorkspace;
  /** A seeded member. */
  member: (label: MemberLabel) => TreeMember;
  /** `method /api<path>` as `who` (Bearer), JSON when `body` is given. */
  call: (who: MemberLabel, method: string, path: string, body?: unknown) => Promise<Response>;
}

/**
 * The preamble of an API test file on the role tree (`seedRoleTree`), once: the tree seeded,
 * the real API around it and every member signed in (their one membership active). A file
 * that acts or seeds more before its tests does so in a `beforeAll` of its own after this call.
 */
export function setupRoleTreeApiTest(): RoleTreeApiTest {
  const setup = setupApiTestFixture(seedRoleTree, async ({ api, tree }) => ({
    tokens: await signInAll(api, tree),
  }));
  return {
    setup,
    ws: (key) => setup.tree.workspaces[key],
    member: (label) => setup.tree.members[label],
    call: async (who, method, path, body) =>
      setup.api.request(`/api${path}`, as(setup.tokens[who], method, body)),
  };
}
