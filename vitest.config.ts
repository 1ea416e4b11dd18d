import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One `npm test` runs every package and app that has a vitest.config.ts, each as its own
// project. The database global setup sits here, at the root, because Vitest runs the root
// config's globalSetup exactly once per run and shares what it provides with every project;
// a globalSetup inside a project config would run once per project.
// Said once per run: the Node the tests run on (under npm, the root `node` devDependency).
console.log(`Node ${process.version}`);

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: 1 on a two-core machine, which ran
    // every file one at a time (~1,700 s of tests in CI). Most files wait on Postgres (each on
    // its own cloned database), so at least two run side by side (Vitest's own number on a
    // machine with more cores). Measured on two cores with other work on the machine, whole
    // `CI=true npm test`: 2 workers 1,437 s, 0 failed; 3 workers 1,617 s (import time 714 s
    // against 432 s: a third worker only competes for the CPU). The e2e project keeps
    // `fileParallelism: false`, which Vitest 4 turns into maxWorkers 1 for that project and,
    // with the default sequence.groupOrder, a group of its own that starts after every other
    // project's files are done: browser files overlap neither them nor each other.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'apps/platform/e2e/vitest.config.ts',
    ],
    globalSetup: ['@aiconnected/db/testing/global-setup'],
  },
});
