import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './create-test-database';

/** A test file's database and what was seeded into it. */
export interface SeededTestDatabase<T> {
  database: TestDatabase;
  /** What `seed` returned (a tenant tree's ids, rows, ...). */
  tree: T;
}

/**
 * The preamble of a test file on a seeded database, once: in `beforeAll` a fresh database,
 * `seed` on it, and both handed to `ready` (which may build on them); in `afterAll` the
 * database is dropped. Call at the top of the file (or of a `describe`).
 */
export function setupTestDatabase<T>(
  seed: (database: TestDatabase) => Promise<T>,
  ready: (setup: SeededTestDatabase<T>) => void | Promise<void>,
): void {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    await ready({ database, tree: await seed(database) });
  });
  afterAll(async () => {
    await database?.drop();
  });
}
