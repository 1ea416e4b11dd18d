// Test support of the packages above identity (`@aiconnected/identity/testing`): what seeding
// needs from identity (password hashes), and a limiter for tests not about limits. The rows
// themselves come from `@aiconnected/db/testing`.
export { hashTreePassword, TREE_PASSWORD } from './tree-password';
export { createTestRateLimiter } from './test-rate-limiter';
export { seedTwoAgencyTree, TWO_AGENCY_TREE, type TwoAgencyTree } from './seed-two-agency-tree';
export { shellErrorCodeOf } from './shell-error-code-of';
