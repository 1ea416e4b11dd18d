import {
  setupTestDatabase,
  type SeededTestDatabase,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { createTestApi, type TestApi, type TestApiOptions } from './test-api';

/** What a test file's API tests stand on, once its `beforeAll` has run. */
export type ApiTestSetup<T> = SeededTestDatabase<T> & TestApi;

/**
 * The preamble of an API test file, once: a fresh database seeded by `seed` (`setupTestDatabase`)
 * and the real API around it (`createTestApi` with `options`), handed to `ready`, which may
 * sign people in or seed more; the database is dropped after the file.
 */
export function setupApiTest<T>(
  seed: (database: TestDatabase) => Promise<T>,
  ready: (setup: ApiTestSetup<T>) => void | Promise<void>,
  options: TestApiOptions = {},
): void {
  setupTestDatabase(seed, (seeded) =>
    ready({ ...seeded, ...createTestApi(seeded.database.db, options) }),
  );
}
