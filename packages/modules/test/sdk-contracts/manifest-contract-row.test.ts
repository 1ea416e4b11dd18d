import { setupSdkContractRows } from '@aiconnected/db/testing';
import { manifestJsonSchema } from '@aiconnected/module-sdk';
import { SHELL_SDK_CONTRACT_VERSION } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';

// Migrations 033 (1.1.0), 039 (1.2.0), 040 (1.3.0) and 044 (1.4.0) publish the module-manifest contract at the shell's
// SDK contract version with module-sdk's manifestJsonSchema() verbatim: a change to the
// manifest schema without a new contract row (a new migration) fails here.

const rowsOf = setupSdkContractRows();

describe('the module-manifest contract row', () => {
  it('is the JSON Schema manifestJsonSchema() answers, active, at SHELL_SDK_CONTRACT_VERSION', async () => {
    const rows = (await rowsOf('module-manifest'))
      .filter((row) => row.semver === SHELL_SDK_CONTRACT_VERSION)
      .map(({ status, schema_json }) => ({ status, schema_json }));
    expect(rows).toStrictEqual([{ status: 'active', schema_json: manifestJsonSchema() }]);
  });

  it('leaves module-manifest 1.0.0 (016), 1.1.0 (033), 1.2.0 (039) and 1.3.0 (040) as they were published', async () => {
    const rows = (await rowsOf('module-manifest')).map(({ semver, status }) => ({
      semver,
      status,
    }));
    expect(rows).toStrictEqual([
      { semver: '1.0.0', status: 'active' },
      { semver: '1.1.0', status: 'active' },
      { semver: '1.2.0', status: 'active' },
      { semver: '1.3.0', status: 'active' },
      { semver: '1.4.0', status: 'active' },
    ]);
  });
});
