import { performance } from 'node:perf_hooks';
import { createDb } from '@aiconnected/db';
import { authenticateSession } from '@aiconnected/identity';
import { summarizeLatency, type LatencySummary } from './summarize-latency';

/** The database side of the guard, timed without HTTP, Next.js or Hono in the way. */
export interface GuardTransactionTiming {
  /** The guard's database call (`authenticateSession`), as `requireAuth` makes it. */
  transaction: LatencySummary;
  /** One `select 1` on a pooled connection: the price of a single round trip. */
  roundTrip: LatencySummary;
}

async function timeConcurrently(
  workers: number,
  seconds: number,
  operation: () => Promise<unknown>,
): Promise<LatencySummary> {
  const samples: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const start = performance.now();
      await operation();
      samples.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return summarizeLatency(samples);
}

/**
 * Runs the guard's database call (`authenticateSession`, what `requireAuth` awaits) from this process with
 * `workers` concurrent callers, and a bare round trip for comparison. The app server is idle
 * meanwhile, so the difference to the HTTP numbers is what the web stack adds.
 */
export async function timeGuardTransaction(
  databaseUrl: string,
  token: string,
  { workers, seconds }: { workers: number; seconds: number },
): Promise<GuardTransactionTiming> {
  const db = createDb(databaseUrl, { max: workers });
  try {
    const guard = async () => {
      if (!(await authenticateSession(db, token))) {
        throw new Error('the guard token is not a live session');
      }
    };
    await timeConcurrently(workers, 1, guard); // warm the pool and the plans
    const transaction = await timeConcurrently(workers, seconds, guard);
    const roundTrip = await timeConcurrently(workers, seconds, () => db.pool.query('select 1'));
    return { transaction, roundTrip };
  } finally {
    await db.close();
  }
}
