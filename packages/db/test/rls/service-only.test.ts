import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { CAPABILITIES } from '@aiconnected/permissions';
import { describe, expect, it } from 'vitest';
import { insertStatement } from './support/rows';
import { SERVICE_TABLES } from './support/table-registry';
import {
  memberContext,
  memberNamed,
  seedTenantTrees,
  type TenantFixture,
} from './support/tenant-fixture';
import { asService, attempt, inRolledBackWorkspace, summarize } from './support/transactions';

// Service-only tables (018): whatever a request claims, even a super admin claiming every
// capability, it can neither read nor write them; the service can do both.

let test: TestDatabase;
let fixture: TenantFixture;
/** Per table, the number of rows the service committed (at least the one seeded here). */
const committed: Record<string, number> = {};

setupTestDatabase(seedTenantTrees, async (setup) => {
  ({ database: test, tree: fixture } = setup);
  await test.db.withService('rls matrix: seed service-only tables', async (svc) => {
    for (const { table, entry } of SERVICE_TABLES) {
      const { sql, params } = insertStatement(table, await entry.newRow(svc));
      await svc.query(sql, params);
      const { rows } = await svc.query<{ n: number }>(
        `select count(*)::int as n from public.${table}`,
      );
      committed[table] = rows[0]?.n ?? 0;
    }
  });
});

const requesters = ['super.super_admin', 'A.agency_admin', 'A1.business_user'];
const cases = SERVICE_TABLES.flatMap(({ table, entry }) =>
  requesters.map((label) => ({ table, entry, label })),
);

describe('service-only tables', () => {
  it.each(SERVICE_TABLES)('$table is written and read by the service', ({ table }) => {
    expect(committed[table]).toBeGreaterThanOrEqual(1);
  });

  it.each(cases)(
    '$table: $label claiming every capability reads and writes nothing',
    async ({ table, entry, label }) => {
      const context = memberContext(fixture, memberNamed(label), {
        permissions: [...CAPABILITIES],
      });
      const outcomes = await inRolledBackWorkspace(test.db, context, async (tx) => {
        // The row (and its parents) is built as the service, then offered to the request.
        const row = await asService(tx, (svc) => entry.newRow(svc));
        const { sql, params } = insertStatement(table, row);
        const [column] = Object.keys(row);
        return {
          select: summarize(await attempt(tx, `select * from public.${table}`)),
          insert: summarize(await attempt(tx, sql, params)),
          update: summarize(
            await attempt(tx, `update public.${table} set "${column}" = "${column}"`),
          ),
          delete: summarize(await attempt(tx, `delete from public.${table}`)),
        };
      });
      expect(outcomes).toStrictEqual({
        select: '42501',
        insert: '42501',
        update: '42501',
        delete: '42501',
      });
    },
  );
});
