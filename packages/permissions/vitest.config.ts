import { defineProject } from 'vitest/config';

// Pure functions only: no database, so no global setup is needed (the root config provides
// one anyway when the whole suite runs).
export default defineProject({
  test: {
    name: 'permissions',
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
