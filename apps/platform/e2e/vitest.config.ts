import { defineProject } from 'vitest/config';

// Browser tests against the built app (scripts/serve.ts) in Debian's Chromium. Run from the
// repository root: the test databases come from the root config's global setup.
export default defineProject({
  test: {
    name: 'e2e',
    include: ['*.e2e.ts'],
    environment: 'node',
    // One file at a time: each starts its own server and Chromium, and the first one may
    // have to build the app (about 90 s on two cores); in parallel they would only slow each other.
    fileParallelism: false,
    hookTimeout: 240_000,
    testTimeout: 60_000,
  },
});
