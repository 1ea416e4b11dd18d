import { setupSdkContractRows } from '@aiconnected/db/testing';
import {
  gatewayForwardHeadersJsonSchema,
  moduleBridgeJsonSchema,
  moduleBridgeMessageSchema,
  shellClaimsSchema,
} from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';

// Migration 039 publishes gateway-forward-headers 2.0.0 and module-bridge 1.0.0, 049
// module-bridge 1.1.0 (the error codes of 045), as the functions answer them: a change to those
// schemas without a new contract row (a new migration) fails here.

const rowsOf = setupSdkContractRows();

describe('the contract rows of migration 039', () => {
  it('gateway-forward-headers 2.0.0 is gatewayForwardHeadersJsonSchema(), active; 1.0.0 stays', async () => {
    const rows = await rowsOf('gateway-forward-headers');
    expect(rows.map(({ semver, status }) => ({ semver, status }))).toStrictEqual([
      { semver: '1.0.0', status: 'active' },
      { semver: '2.0.0', status: 'active' },
    ]);
    expect(rows[1]?.schema_json).toStrictEqual(gatewayForwardHeadersJsonSchema());
    // The claims' JSON Schema travels with it.
    const defs = (rows[1]?.schema_json as { $defs: Record<string, unknown> }).$defs;
    expect(Object.keys(defs)).toEqual(
      expect.arrayContaining(['GatewayForwardHeaders', 'ShellClaims']),
    );
    expect(shellClaimsSchema.meta()?.id).toBe('ShellClaims');
  });

  it('module-bridge 1.1.0 (migration 049) is moduleBridgeJsonSchema(), active; 1.0.0 stays', async () => {
    const rows = await rowsOf('module-bridge');
    expect(rows.map(({ semver, status }) => ({ semver, status }))).toStrictEqual([
      { semver: '1.0.0', status: 'active' },
      { semver: '1.1.0', status: 'active' },
    ]);
    expect(rows[1]?.schema_json).toStrictEqual(moduleBridgeJsonSchema());
    expect(moduleBridgeMessageSchema.meta()?.id).toBe('ModuleBridgeMessage');
  });
});
