import { defineProject } from 'vitest/config';

// Runs inside the root config's projects; the test databases come from the root's global
// setup (@aiconnected/db/testing/global-setup), so run it from the repository root.
export default defineProject({
  test: {
    name: 'integrations',
    include: ['test/**/*.test.ts'],
    // Real Postgres: seconds, not milliseconds.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
