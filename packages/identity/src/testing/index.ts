// Test support of the packages above identity (`@aiconnected/identity/testing`): what seeding
// needs from identity (password hashes). The rows themselves come from `@aiconnected/db/testing`.
export { hashTreePassword, TREE_PASSWORD } from './tree-password';
export { seedTwoAgencyTree, TWO_AGENCY_TREE, type TwoAgencyTree } from './seed-two-agency-tree';
