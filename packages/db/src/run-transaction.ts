import type pg from 'pg';

/**
 * Runs `prepare` then `fn` in one transaction on a client of `pool`: COMMIT when `fn`
 * resolves, ROLLBACK and rethrow when anything throws. The client always goes back to the
 * pool; a client whose ROLLBACK failed is destroyed instead, since its session state is
 * unknown.
 */
export async function runTransaction<T>(
  pool: pg.Pool,
  prepare: (client: pg.PoolClient) => Promise<void>,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    try {
      await prepare(client);
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (error) {
      try {
        await client.query('rollback');
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    }
  } finally {
    client.release(broken);
  }
}
