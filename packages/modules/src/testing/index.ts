// Test support of the modules package (`@aiconnected/modules/testing`): module targets stood in
// on loopback, a valid test manifest, registration through the real import, a tenant tree
// user's acting context and a call's refusal (also used by packages/events' tests).
export { startHealthStandIn, type HealthStandIn, type HealthStandInMode } from './health-stand-in';
export { testManifest, type TestManifestOptions } from './test-manifest';
export { registerTestModule } from './register-test-module';
export { testSnapshot, testSnapshotManifest, type TestSnapshotOptions } from './test-snapshot';
export { actorOf, failure } from './tree-actor';
