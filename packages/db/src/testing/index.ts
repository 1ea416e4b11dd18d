export {
  createTestDatabase,
  type CreateTestDatabaseOptions,
  type TestDatabase,
} from './create-test-database';
export type { TestDatabaseServer } from './test-database-server';
