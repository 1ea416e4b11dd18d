import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // Tests run server code: `server-only` is a no-op there, as in Next's server bundles.
      'server-only': require.resolve('next/dist/compiled/server-only/empty'),
    },
  },
  // tsconfig keeps JSX for Next to compile; component tests render .tsx with React's runtime.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    name: 'platform',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // Each file creates its own database from the migrated template; cloning takes a moment.
    hookTimeout: 60_000,
    testTimeout: 30_000,
    // expect.poll waits for something to happen (a notification's effect, a browser's focus or
    // render): Vitest's 1 s default is short on a loaded machine, and a poll that is met returns
    // at once, so a longer default costs a passing test nothing.
    expect: { poll: { timeout: 15_000 } },
  },
});
