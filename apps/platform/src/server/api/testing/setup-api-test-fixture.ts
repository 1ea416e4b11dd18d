import type { TestDatabase } from '@aiconnected/db/testing';
import { setupApiTest, type ApiTestSetup } from './setup-api-test';
import type { TestApiOptions } from './test-api';

/**
 * `setupApiTest` as one object instead of module variables each test file copies: the object
 * reads as the file's setup, with what `ready` returns (tokens, ...), once the file's `beforeAll`
 * has run; read earlier, it throws. `ready` gets the setup as it is before its own fields.
 */
export function setupApiTestFixture<T, X extends object = Record<never, never>>(
  seed: (database: TestDatabase) => Promise<T>,
  ready?: (setup: ApiTestSetup<T>) => X | Promise<X>,
  options: TestApiOptions = {},
): ApiTestSetup<T> & X {
  let current: ApiTestSetup<T> | undefined;
  setupApiTest(
    seed,
    async (setup) => {
      current = setup; // so that `ready` may already read the returned object
      current = { ...setup, ...(await ready?.(setup)) };
    },
    options,
  );
  return new Proxy({} as ApiTestSetup<T> & X, {
    get(_target, key) {
      if (!current) throw new Error('the API test setup is read before its beforeAll has run');
      return Reflect.get(current, key) as unknown;
    },
  });
}
