import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { seedTenantTrees, type TenantFixture } from './tenant-fixture';

/** A test file's own database seeded with both tenant trees; filled in by the file's beforeAll. */
export interface RlsDatabase {
  readonly test: TestDatabase;
  readonly fixture: TenantFixture;
}

/**
 * The RLS tests' setup, once per file: `const rls = setupRlsDatabase();` at the top level, then
 * `rls.test.db` and `rls.fixture` inside hooks and tests (read before beforeAll ran, they throw).
 */
export function setupRlsDatabase(): RlsDatabase {
  let ready: { test: TestDatabase; fixture: TenantFixture } | undefined;
  setupTestDatabase(seedTenantTrees, ({ database, tree }) => {
    ready = { test: database, fixture: tree };
  });
  const current = () => {
    if (!ready) throw new Error('setupRlsDatabase: read before the beforeAll that seeds it ran');
    return ready;
  };
  return {
    get test() {
      return current().test;
    },
    get fixture() {
      return current().fixture;
    },
  };
}
