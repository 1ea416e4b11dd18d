import pg from 'pg';

/** Lists the Postgres processes that serve the bench's database. */
export interface PostgresProcesses {
  /** Backends of the bench's database and the server's background processes (WAL writer, …). */
  list: () => Promise<number[]>;
  close(): Promise<void>;
}

/**
 * Watches which Postgres processes work for `databaseUrl`'s database, so their CPU time can
 * be told apart from other work on the machine. Postgres must run on this machine (it does:
 * embedded, or the local server); on a remote server the list is simply never readable.
 */
export async function watchPostgresProcesses(databaseUrl: string): Promise<PostgresProcesses> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    async list() {
      const { rows } = await client.query<{ pid: number }>(
        `select pid from pg_stat_activity
          where datname = current_database() or backend_type <> 'client backend'`,
      );
      return rows.map((row) => row.pid);
    },
    close: () => client.end(),
  };
}
