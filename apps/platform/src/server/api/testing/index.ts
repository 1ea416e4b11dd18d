// The API's test support (`@aiconnected/platform/testing`): the real API on a test database,
// requests as a signed-in client, whole error envelopes, the dev mailbox, and the role tree of
// the API tests (`seedRoleTree`: every role of the platform and two tenant trees, with its
// sign-in, audit and snapshot helpers). The workspace rows come from `@aiconnected/db/testing`,
// the two-agency tree and the trees' password from `@aiconnected/identity/testing`.
export {
  bearer,
  contextOf,
  cookie,
  envelope,
  expectError,
  jsonRequest,
  signInAs,
} from './auth-client';
export {
  buildTestDeps,
  createTestBrandingAssetServices,
  TEST_CONFIG,
  TEST_ORIGIN,
} from './build-test-deps';
export {
  as,
  auditRow,
  auditRowsOf,
  ROLE_TREE_MEMBERS,
  seedRoleTree,
  signInAll,
  snapshotTables,
  type MemberLabel,
  type RoleTree,
  type TreeKey,
  type TreeMember,
  type TreeWorkspace,
} from './cross-tenant-tree';
export { linkTokenFor, mailTo, type MailboxMessage } from './mailbox';
export { setupApiTest, type ApiTestSetup } from './setup-api-test';
export { setupApiTestFixture } from './setup-api-test-fixture';
export {
  setupRoleTreeApiTest,
  type RoleTreeApiTest,
  type RoleTreeSetup,
} from './setup-role-tree-api-test';
export { setupTwoAgencyApiTest, type TwoAgencyApiTest } from './setup-two-agency-api-test';
export {
  correlationIdOf,
  createTestApi,
  type LogLine,
  type TestApi,
  type TestApiOptions,
} from './test-api';
