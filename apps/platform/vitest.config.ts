import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  test: {
    name: 'platform',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Each file creates its own database from the migrated template; cloning takes a moment.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
