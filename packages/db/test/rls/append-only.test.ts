import { describe, expect, it } from 'vitest';
import { setupRlsDatabase } from './support/rls-database';
import { deleteStatement, insertRow, updateStatement } from './support/rows';
import { workspaceTableEntry } from './support/table-registry';
import { MEMBERS, memberContext } from './support/tenant-fixture';
import {
  asService,
  attempt,
  inRolledBackService,
  inRolledBackWorkspace,
  summarize,
} from './support/transactions';

// events and audit_logs are append-only, layout_versions and ai_job_state_transitions
// immutable (PRD §12.3, §12.5): no role changes or removes a fresh row, service_role included;
// service_role may only track event delivery and purge rows past their retention.

const rls = setupRlsDatabase();

const PROTECTED = ['events', 'audit_logs', 'layout_versions', 'ai_job_state_transitions'] as const;

/** Inserts a fresh row of `table` into `workspaceId` as service and returns its id. */
async function freshRow(
  svc: Parameters<typeof insertRow>[0],
  table: string,
  workspaceId: string,
  extra = {},
) {
  return insertRow(svc, table, {
    ...(await workspaceTableEntry(table).newRow(svc, workspaceId)),
    ...extra,
  });
}

describe.each(PROTECTED)('%s', (table) => {
  const { updateProbe } = workspaceTableEntry(table);

  it.each(MEMBERS)(
    '$label can neither update nor delete a fresh row of its workspace',
    async (member) => {
      const result = await inRolledBackWorkspace(
        rls.test.db,
        memberContext(rls.fixture, member),
        async (tx) => {
          const id = await asService(tx, (svc) =>
            freshRow(svc, table, rls.fixture.workspaceIds[member.home]),
          );
          return {
            update: summarize(
              await attempt(tx, updateStatement(table, updateProbe.column), [
                updateProbe.value,
                [id],
              ]),
            ),
            delete: summarize(await attempt(tx, deleteStatement(table), [[id]])),
          };
        },
      );
      expect(result).toStrictEqual({ update: '42501', delete: '42501' });
    },
  );

  it('service_role can neither update, delete nor truncate a fresh row', async () => {
    const result = await inRolledBackService(
      rls.test.db,
      'rls matrix: append-only probe',
      async (svc) => {
        const id = await freshRow(svc, table, rls.fixture.workspaceIds.A1);
        const column = table === 'events' ? 'payload_json' : updateProbe.column;
        const value = table === 'events' ? { forged: true } : updateProbe.value;
        return {
          update: summarize(await attempt(svc, updateStatement(table, column), [value, [id]])),
          delete: summarize(await attempt(svc, deleteStatement(table), [[id]])),
          truncate: summarize(await attempt(svc, `truncate public.${table} cascade`)),
        };
      },
    );
    expect(result).toStrictEqual({ update: '42501', delete: '42501', truncate: '42501' });
  });
});

describe('service_role on events', () => {
  it('updates delivery tracking but no other column', async () => {
    const result = await inRolledBackService(
      rls.test.db,
      'rls matrix: event delivery',
      async (svc) => {
        const id = await freshRow(svc, 'events', rls.fixture.workspaceIds.B1);
        const set = (assignment: string) =>
          attempt(svc, `update public.events set ${assignment} where id = $1`, [id]).then((o) =>
            summarize(o, true),
          );
        return {
          delivery: await set(
            "delivery_state = 'delivered', delivery_attempts = 1, delivered_at = now()",
          ),
          deadLetter: await set(
            "delivery_state = 'dead_letter', dead_lettered_at = now(), last_delivery_error = 'gone'",
          ),
          payload: await set(`payload_json = '{"forged": true}'`),
          sequence: await set('sequence = sequence + 100'),
          recordedAt: await set("recorded_at = now() - interval '1 year'"),
          workspace: await set(`workspace_id = '${rls.fixture.workspaceIds.A1}'`),
        };
      },
    );
    expect(result).toStrictEqual({
      delivery: 'ok:1',
      deadLetter: 'ok:1',
      payload: '42501',
      sequence: '42501',
      recordedAt: '42501',
      workspace: '42501',
    });
  });
});

describe('retention purges by service_role', () => {
  it.each([
    { table: 'events', column: 'recorded_at', days: 180 },
    { table: 'audit_logs', column: 'created_at', days: 365 },
    { table: 'ai_jobs', column: 'created_at', days: 90 },
  ])('$table: refused within $days days, allowed after', async ({ table, column, days }) => {
    const result = await inRolledBackService(
      rls.test.db,
      'rls matrix: retention purge',
      async (svc) => {
        const workspaceId = rls.fixture.workspaceIds.A2;
        const young = await freshRow(svc, table, workspaceId, {
          [column]: new Date(Date.now() - (days - 1) * 86_400_000),
        });
        const old = await freshRow(svc, table, workspaceId, {
          [column]: new Date(Date.now() - (days + 1) * 86_400_000),
        });
        return {
          young: summarize(await attempt(svc, deleteStatement(table), [[young]]), true),
          old: summarize(await attempt(svc, deleteStatement(table), [[old]]), true),
        };
      },
    );
    expect(result).toStrictEqual({ young: '42501', old: 'ok:1' });
  });

  it('layout_versions stay even when old', async () => {
    const outcome = await inRolledBackService(
      rls.test.db,
      'rls matrix: layout retention',
      async (svc) => {
        const id = await freshRow(svc, 'layout_versions', rls.fixture.workspaceIds.A2, {
          created_at: new Date(0),
        });
        return summarize(await attempt(svc, deleteStatement('layout_versions'), [[id]]));
      },
    );
    expect(outcome).toBe('42501');
  });
});
