import type { Db } from '@aiconnected/db';
import { laneKey, type Lane } from './lane-key';

/** A lane held by this process: its session's advisory lock. */
export interface LaneLock {
  /** Aborted when the lock's connection fails or ends (the lock is gone with it). */
  signal: AbortSignal;
  /** Unlocks and returns the connection (a failed one is discarded). */
  release(): Promise<void>;
}

/**
 * Takes `lane`'s advisory lock on a connection of `pool` held for the drain (a session lock:
 * it outlives the drain's transactions and ends with the connection), or answers null when
 * another drain holds it. pg-boss's singletonKey keeps one drain job per lane active, but its
 * lease can lapse under a live worker (a heartbeat that came too late on a starved machine);
 * the lock makes two drains of one lane impossible whatever the queue thinks.
 */
export async function tryLockLane(pool: Db['pool'], lane: Lane): Promise<LaneLock | null> {
  const client = await pool.connect();
  const key = `shell.event_lane:${laneKey(lane)}`;
  let broken: Error | undefined;
  const lost = new AbortController();
  const onError = (error: Error) => {
    broken = error;
    lost.abort(error);
  };
  client.on('error', onError);
  const release = async () => {
    client.off('error', onError);
    if (!broken) {
      await client
        .query('select pg_advisory_unlock(hashtextextended($1, 0))', [key])
        .catch((error: unknown) => {
          broken = error instanceof Error ? error : new Error(String(error));
        });
    }
    client.release(broken);
  };
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
      [key],
    );
    if (rows[0]?.locked !== true) {
      client.off('error', onError);
      client.release();
      return null;
    }
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    client.off('error', onError);
    client.release(broken);
    throw error;
  }
  return { signal: lost.signal, release };
}
