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
    // expect.poll waits for the app (a delivery recorded, a row rendered): Vitest's 1 s default
    // is short for a browser and a built server on a loaded machine; a met poll returns at once.
    expect: { poll: { timeout: 15_000 } },
  },
});
