import { setupSdkContractRows } from '@aiconnected/db/testing';
import { manifestJsonSchema } from '@aiconnected/module-sdk';
import {
  eventEnvelopeJsonSchema,
  eventEnvelopeSchema,
  shellEventsJsonSchema,
  SHELL_SDK_CONTRACT_VERSION,
} from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';

// Migration 040 publishes module-manifest 1.3.0, event-envelope 2.0.0 and shell-events 1.0.0
// as the functions answer them: a change to those schemas without a new contract row (a new
// migration) fails here.

const rowsOf = setupSdkContractRows();

describe('the contract rows of migration 040', () => {
  it('event-envelope 2.0.0 is eventEnvelopeJsonSchema(), active; 1.0.0 stays', async () => {
    const rows = await rowsOf('event-envelope');
    expect(rows.map(({ semver, status }) => ({ semver, status }))).toStrictEqual([
      { semver: '1.0.0', status: 'active' },
      { semver: '2.0.0', status: 'active' },
    ]);
    expect(rows[1]?.schema_json).toStrictEqual(eventEnvelopeJsonSchema());
    expect(eventEnvelopeSchema.meta()?.id).toBe('EventEnvelope');
  });

  it('shell-events 1.0.0 is shellEventsJsonSchema(), active', async () => {
    expect(await rowsOf('shell-events')).toStrictEqual([
      { semver: '1.0.0', status: 'active', schema_json: shellEventsJsonSchema() },
    ]);
  });

  it('module-manifest 1.3.0 (runtime.webhooks) is manifestJsonSchema() at the SDK version', async () => {
    expect(SHELL_SDK_CONTRACT_VERSION).toBe('1.3.0');
    const rows = await rowsOf('module-manifest');
    expect(rows.at(-1)).toStrictEqual({
      semver: '1.3.0',
      status: 'active',
      schema_json: manifestJsonSchema(),
    });
  });
});
