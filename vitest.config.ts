import { defineConfig } from 'vitest/config';

// One `npm test` runs every package and app that has a vitest.config.ts, each as its own
// project. The database global setup sits here, at the root, because Vitest runs the root
// config's globalSetup exactly once per run and shares what it provides with every project;
// a globalSetup inside a project config would run once per project.
// Said once per run: the Node the tests run on (under npm, the root `node` devDependency).
console.log(`Node ${process.version}`);

export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'apps/platform/e2e/vitest.config.ts',
    ],
    globalSetup: ['@aiconnected/db/testing/global-setup'],
  },
});
