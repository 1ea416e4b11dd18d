/**
 * What tools outside the app (the bench) may use of the start scripts' building blocks:
 * `@aiconnected/platform/scripts`. The same build, demo tree and paths as `npm start`.
 */
export { buildAppIfNeeded, BuildFailedError, type BuildAppOptions } from './build-app';
export { DEMO_TREE, type DemoWorkspace } from './demo-tree';
export { PLATFORM_DIR } from './paths';
export { seedDemoTree, type SeedResult } from './seed-demo-tree';
