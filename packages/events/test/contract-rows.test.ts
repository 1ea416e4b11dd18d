import { setupSdkContractRows } from '@aiconnected/db/testing';
import { manifestJsonSchema } from '@aiconnected/module-sdk';
import {
  eventEnvelopeJsonSchema,
  eventEnvelopeSchema,
  shellEventsJsonSchema,
  SHELL_EVENTS_VERSION,
  SHELL_SDK_CONTRACT_VERSION,
} from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';

// Migration 040 publishes module-manifest 1.3.0, event-envelope 2.0.0 and shell-events 1.0.0,
// 044 module-manifest 1.4.0 and shell-events 1.1.0 (the membership events), as the functions
// answer them: a change to those schemas without a new contract row (a new migration) fails
// here.

const rowsOf = setupSdkContractRows();

describe('the contract rows of migrations 040 and 044', () => {
  it('event-envelope 2.0.0 is eventEnvelopeJsonSchema(), active; 1.0.0 stays', async () => {
    const rows = await rowsOf('event-envelope');
    expect(rows.map(({ semver, status }) => ({ semver, status }))).toStrictEqual([
      { semver: '1.0.0', status: 'active' },
      { semver: '2.0.0', status: 'active' },
    ]);
    expect(rows[1]?.schema_json).toStrictEqual(eventEnvelopeJsonSchema());
    expect(eventEnvelopeSchema.meta()?.id).toBe('EventEnvelope');
  });

  it('shell-events 1.1.0 is shellEventsJsonSchema(), active; 1.0.0 stays', async () => {
    expect(SHELL_EVENTS_VERSION).toBe('1.1.0');
    const rows = await rowsOf('shell-events');
    expect(rows.map(({ semver, status }) => ({ semver, status }))).toStrictEqual([
      { semver: '1.0.0', status: 'active' },
      { semver: '1.1.0', status: 'active' },
    ]);
    expect(rows[1]?.schema_json).toStrictEqual(shellEventsJsonSchema());
    // 1.1.0 only adds: 1.0.0's lifecycle events are still there with the same data.
    const defs = (row?: { schema_json: unknown }) =>
      (row?.schema_json as { $defs: Record<string, unknown> }).$defs;
    expect(defs(rows[1]).ModuleLifecycleEventData).toStrictEqual(
      defs(rows[0]).ModuleLifecycleEventData,
    );
  });

  it('module-manifest 1.4.0 is manifestJsonSchema() at the SDK version, 1.3.0 with another $id', async () => {
    expect(SHELL_SDK_CONTRACT_VERSION).toBe('1.4.0');
    const rows = await rowsOf('module-manifest');
    expect(rows.slice(-2).map(({ semver, status }) => ({ semver, status }))).toStrictEqual([
      { semver: '1.3.0', status: 'active' },
      { semver: '1.4.0', status: 'active' },
    ]);
    expect(rows.at(-1)?.schema_json).toStrictEqual(manifestJsonSchema());
    expect(rows.at(-2)?.schema_json).toStrictEqual({
      ...manifestJsonSchema(),
      $id: 'https://aiconnected.dev/schemas/module-manifest/1.3.0.json',
    });
  });
});
