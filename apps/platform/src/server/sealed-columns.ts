import type { Db } from '@aiconnected/db';
import { INSTALLATION_CREDENTIALS_SEALED_COLUMN } from '@aiconnected/events';
import { INTEGRATION_CONNECTIONS_SEALED_COLUMN } from '@aiconnected/integrations';
import {
  rewrapSecret,
  type SealedColumn,
  type SealedSecret,
  type SecretKeyRing,
} from '@aiconnected/secrets';

/**
 * Every column of the database holding sealed secrets (`@aiconnected/secrets`): what
 * `npm run keys:rotate -- secrets` re-wraps. A package that seals a new column adds its
 * description here.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  INSTALLATION_CREDENTIALS_SEALED_COLUMN,
  // Issue 13: the integration connections' provider credentials.
  INTEGRATION_CONNECTIONS_SEALED_COLUMN,
];

/** What a re-wrap did to one column. */
export interface RewrapReport {
  table: string;
  column: string;
  rewrapped: number;
  /** Rows still sealed under another KEK than the current one afterwards (written meanwhile by a process with an older ring). */
  remaining: number;
}

// Identifiers come from SEALED_COLUMNS (code, not input); checked anyway before use in SQL.
const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

function checked(column: SealedColumn): SealedColumn {
  for (const name of [column.table, column.column, ...column.aadColumns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`sealed column: bad identifier ${name}`);
  }
  return column;
}

interface SealedRow {
  id: string;
  sealed: SealedSecret;
  [column: string]: unknown;
}

/** Re-wraps one batch after `after` (by id); the last id seen, or null when none was left. */
async function rewrapBatch(
  db: Db,
  ring: SecretKeyRing,
  column: SealedColumn,
  after: string,
  batchSize: number,
): Promise<{ last: string | null; rewrapped: number }> {
  const extra = column.aadColumns.map((name) => `, ${name}::text as ${name}`).join('');
  return db.withService('re-wrap sealed secrets to the current key', async (tx) => {
    // Locked for the batch only: a short transaction per batch, so nothing waits long.
    const { rows } = await tx.query<SealedRow>(
      `select id::text as id, ${column.column} as sealed${extra}
         from ${column.table}
        where ${column.column} is not null and id > $1::uuid
          and (${column.column}->>'kek')::int <> $2
        order by id limit $3
        for update`,
      [after, ring.currentVersion, batchSize],
    );
    for (const row of rows) {
      const aad = column.aad(row as unknown as Record<string, string>);
      const rewrapped = rewrapSecret(ring, row.sealed, aad);
      await tx.query(`update ${column.table} set ${column.column} = $2 where id = $1`, [
        row.id,
        JSON.stringify(rewrapped),
      ]);
    }
    return { last: rows.at(-1)?.id ?? null, rewrapped: rows.length };
  });
}

/**
 * Re-wraps every sealed secret of `columns` not under the ring's current KEK to it, in
 * batches of `batchSize` rows, each its own short transaction (no table lock, no downtime:
 * processes holding either KEK keep opening the rows). A row that does not open (tampered,
 * moved, or sealed under a KEK the ring lacks) throws `SealedSecretError` and stops the run;
 * the batches before it are kept.
 */
export async function rewrapSealedColumns(
  db: Db,
  ring: SecretKeyRing,
  options: { columns?: readonly SealedColumn[]; batchSize?: number } = {},
): Promise<RewrapReport[]> {
  const reports: RewrapReport[] = [];
  for (const column of (options.columns ?? SEALED_COLUMNS).map(checked)) {
    let after = '00000000-0000-0000-0000-000000000000';
    let rewrapped = 0;
    for (;;) {
      const batch = await rewrapBatch(db, ring, column, after, options.batchSize ?? 500);
      rewrapped += batch.rewrapped;
      if (batch.last === null) break;
      after = batch.last;
    }
    const remaining = await countSealedUnder(db, column, (kek) => kek !== ring.currentVersion);
    reports.push({ table: column.table, column: column.column, rewrapped, remaining });
  }
  return reports;
}

/** How many rows of `column` are sealed under a KEK version `matches` accepts. */
async function countSealedUnder(
  db: Db,
  column: SealedColumn,
  matches: (kek: number) => boolean,
): Promise<number> {
  const { rows } = await db.withService('count sealed secrets per key', (tx) =>
    tx.query<{ kek: number; count: number }>(
      `select (${column.column}->>'kek')::int as kek, count(*)::int as count
         from ${column.table} where ${column.column} is not null group by 1`,
    ),
  );
  return rows.filter((row) => matches(row.kek)).reduce((sum, row) => sum + row.count, 0);
}

/** Rows of every sealed column still sealed under KEK `version` (a retire must wait for 0). */
export async function countSealedUnderVersion(db: Db, version: number): Promise<number> {
  let total = 0;
  for (const column of SEALED_COLUMNS.map(checked)) {
    total += await countSealedUnder(db, column, (kek) => kek === version);
  }
  return total;
}
