import { createDb, type Db } from '@aiconnected/db';

/** One `shell.*` SQL function's share of a call: how often it ran and its time, per call. */
export interface ShellFunctionShare {
  name: string;
  callsPerCall: number;
  /** Milliseconds per call, its own and the functions it called. */
  totalMs: number;
  /** Milliseconds per call in the function itself. */
  selfMs: number;
}

interface FunctionRow {
  funcname: string;
  calls: number;
  total_time: number;
  self_time: number;
}

/**
 * A pool of one connection with `track_functions = all` (set as the connection's option, so
 * the measured server is not affected) and a way to see, per call of a domain function run on
 * it, which `shell.*` functions Postgres ran (RLS policies and helpers) and how long they
 * took, from `pg_stat_user_functions` before and after (each read first flushes the
 * connection's pending statistics: `pg_stat_force_next_flush`, Postgres 15+).
 */
export function traceShellFunctions(databaseUrl: string): {
  db: Db;
  measure(calls: number, step: (db: Db) => Promise<unknown>): Promise<ShellFunctionShare[]>;
  close(): Promise<void>;
} {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', '-c track_functions=all');
  const db = createDb(url.toString(), { max: 1 });
  const read = async () => {
    await db.pool.query('select pg_stat_force_next_flush()');
    await db.pool.query('select 1'); // the flush happens when that transaction ends
    const { rows } = await db.pool.query<FunctionRow>(
      `select funcname, calls::int as calls, total_time, self_time
         from pg_stat_user_functions where schemaname = 'shell'`,
    );
    return new Map(rows.map((row) => [row.funcname, row]));
  };
  return {
    db,
    async measure(calls, step) {
      const before = await read();
      for (let i = 0; i < calls; i += 1) await step(db);
      const after = await read();
      return [...after.values()]
        .map((row) => {
          const earlier = before.get(row.funcname);
          return {
            name: `shell.${row.funcname}`,
            callsPerCall: (row.calls - (earlier?.calls ?? 0)) / calls,
            totalMs: (row.total_time - (earlier?.total_time ?? 0)) / calls,
            selfMs: (row.self_time - (earlier?.self_time ?? 0)) / calls,
          };
        })
        .filter((share) => share.callsPerCall > 0)
        .sort((a, b) => b.selfMs - a.selfMs);
    },
    close: () => db.close(),
  };
}
