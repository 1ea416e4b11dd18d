import {
  setupTestDatabase,
  type SeededTestDatabase,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { afterAll } from 'vitest';
import { createTestApi, type TestApi, type TestApiOptions } from './test-api';

/** What a test file's API tests stand on, once its `beforeAll` has run. */
export type ApiTestSetup<T> = SeededTestDatabase<T> & TestApi;

/**
 * The preamble of an API test file, once: a fresh database seeded by `seed` (`setupTestDatabase`)
 * and the real API around it (`createTestApi` with `options`), handed to `ready`, which may
 * sign people in or seed more; after the file the API's session cache stops listening and the
 * database is dropped.
 */
export function setupApiTest<T>(
  seed: (database: TestDatabase) => Promise<T>,
  ready: (setup: ApiTestSetup<T>) => void | Promise<void>,
  options: TestApiOptions = {},
): void {
  let testApi: TestApi | undefined;
  setupTestDatabase(seed, (seeded) => {
    testApi = createTestApi(seeded.database.db, options);
    return ready({ ...seeded, ...testApi });
  });
  // Registered after the database's: runs before its drop (vitest runs after-hooks as a stack).
  afterAll(async () => {
    await testApi?.deps.sessionCache.close();
  });
}
