// Test helpers of the gateway, for this package's and the platform's gateway tests.
export { startTarget, type TargetServer } from './target-server';
