import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { manifestJsonSchema } from '@aiconnected/module-sdk';
import { SHELL_SDK_CONTRACT_VERSION } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Migrations 033 (1.1.0), 039 (1.2.0) and 040 (1.3.0) publish the module-manifest contract at the shell's
// SDK contract version with module-sdk's manifestJsonSchema() verbatim: a change to the
// manifest schema without a new contract row (a new migration) fails here.

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

describe('the module-manifest contract row', () => {
  it('is the JSON Schema manifestJsonSchema() answers, active, at SHELL_SDK_CONTRACT_VERSION', async () => {
    const { rows } = await test.admin.query<{ status: string; schema_json: unknown }>(
      `select status, schema_json from public.sdk_contract_versions
        where contract_name = 'module-manifest' and semver = $1`,
      [SHELL_SDK_CONTRACT_VERSION],
    );
    expect(rows).toStrictEqual([{ status: 'active', schema_json: manifestJsonSchema() }]);
  });

  it('leaves module-manifest 1.0.0 (016), 1.1.0 (033) and 1.2.0 (039) as they were published', async () => {
    const { rows } = await test.admin.query<{ semver: string; status: string }>(
      `select semver, status from public.sdk_contract_versions
        where contract_name = 'module-manifest' order by semver`,
    );
    expect(rows).toStrictEqual([
      { semver: '1.0.0', status: 'active' },
      { semver: '1.1.0', status: 'active' },
      { semver: '1.2.0', status: 'active' },
      { semver: '1.3.0', status: 'active' },
    ]);
  });
});
