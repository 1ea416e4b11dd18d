import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'sdk-contracts',
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
