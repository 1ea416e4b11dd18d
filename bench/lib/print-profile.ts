import type { RequestWork } from './count-request-work';
import type { LoadResult } from './run-load';
import type { GuardTransactionTiming } from './time-guard-transaction';

const ms = (value: number) => value.toFixed(2);
/** Share of CPU time used by unrelated processes above which a scenario is flagged. */
const OTHER_WORK_WARNING = 0.15;

/**
 * Prints where a guarded request's time goes: Postgres round trips and statements per
 * request (counted on the wire), CPU time per request by process, the guard's database call
 * timed without the web stack, and what HTTP + Next.js + Hono add on top of it.
 */
export function printProfile(
  work: readonly RequestWork[],
  timing: GuardTransactionTiming,
  results: readonly LoadResult[],
): void {
  console.log('\nDatabase work per request (counted on the wire, one request at a time):');
  for (const item of work) {
    console.log(
      `  ${item.key.padEnd(8)} ${item.roundTrips.toFixed(1).padStart(5)} round trips  ${item.statements.toFixed(1).padStart(5)} statements`,
    );
  }
  console.log('\nCPU time per request, ms (other = processes that are not part of the run):');
  for (const result of results) {
    const { serverMs, postgresMs, loadGeneratorMs, otherMs } = result.cpuPerRequest;
    const cells = [
      `server ${ms(serverMs).padStart(6)}`,
      `postgres ${ms(postgresMs).padStart(6)}`,
      `load generator ${ms(loadGeneratorMs).padStart(5)}`,
      `other ${ms(otherMs).padStart(6)}`,
    ];
    console.log(`  ${result.key.padEnd(10)} ${cells.join('  ')}`);
  }
  for (const result of results) {
    const { serverMs, postgresMs, loadGeneratorMs, otherMs } = result.cpuPerRequest;
    const share = otherMs / (serverMs + postgresMs + loadGeneratorMs + otherMs || 1);
    if (share > OTHER_WORK_WARNING) {
      console.log(
        `  ! ${result.key}: ${(share * 100).toFixed(0)}% of the CPU went to other processes; its numbers are skewed.`,
      );
    }
  }
  const { transaction, roundTrip } = timing;
  console.log(
    `\nGuard database call alone, 4 concurrent callers, no HTTP: p50 ${ms(transaction.p50)} ms, p95 ${ms(transaction.p95)} ms ` +
      `(one bare round trip: p50 ${ms(roundTrip.p50)} ms, p95 ${ms(roundTrip.p95)} ms)`,
  );
  const guard = results.find((result) => result.key === 'guard@4');
  const health = results.find((result) => result.key === 'health@4');
  if (guard && health) {
    console.log(
      `Over HTTP at 4 conns the guard took p50 ${ms(guard.latency.p50)} ms: about ${ms(Math.max(0, guard.latency.p50 - transaction.p50))} ms ` +
        `outside its database call (health, the web stack plus 2 plain queries: p50 ${ms(health.latency.p50)} ms).`,
    );
  }
}
