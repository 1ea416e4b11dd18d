import type { TestDatabase } from './create-test-database';
import { setupTestDatabase } from './setup-test-database';

/** One published version of an SDK contract, as `public.sdk_contract_versions` holds it. */
export interface SdkContractRow {
  semver: string;
  status: string;
  schema_json: unknown;
}

/**
 * The published versions of `contract`, oldest first (numerically: 1.10.0 after 1.9.0), read
 * as the superuser: what the contract-row tests compare with the JSON Schemas the code answers,
 * so a schema change without a new contract row (a new migration) fails.
 */
export async function sdkContractRows(
  test: Pick<TestDatabase, 'admin'>,
  contract: string,
): Promise<SdkContractRow[]> {
  const { rows } = await test.admin.query<SdkContractRow>(
    `select semver, status, schema_json from public.sdk_contract_versions
      where contract_name = $1
      order by string_to_array(split_part(semver, '-', 1), '.')::int[], semver`,
    [contract],
  );
  return rows;
}

/**
 * The preamble of a contract-row test file: a fresh migrated database for the file
 * (`setupTestDatabase`), and the reader of a contract's rows on it.
 */
export function setupSdkContractRows(): (contract: string) => Promise<SdkContractRow[]> {
  let database: TestDatabase | undefined;
  setupTestDatabase(
    () => Promise.resolve(undefined),
    (setup) => {
      database = setup.database;
    },
  );
  return (contract) => {
    if (!database) throw new Error('setupSdkContractRows: the database is not ready yet');
    return sdkContractRows(database, contract);
  };
}
