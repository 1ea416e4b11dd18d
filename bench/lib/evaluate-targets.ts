import type { LoadResult } from './run-load';

/** One target of issue 3 ("Speed") and whether this run met it. */
export interface TargetOutcome {
  target: string;
  measured: string;
  met: boolean;
}

/** Results by scenario key (`guard@4`, `health@50`, ...). */
export type ResultsByKey = ReadonlyMap<string, LoadResult>;

function need(results: ResultsByKey, key: string): LoadResult {
  const result = results.get(key);
  if (!result) throw new Error(`no result for scenario ${key}`);
  return result;
}

/**
 * The three targets: guard p95 < 10 ms and switch p95 < 25 ms at 4 connections, and guard
 * throughput at 50 connections >= 70% of health's in the same run. Reported, never enforced.
 */
export function evaluateTargets(results: ResultsByKey): TargetOutcome[] {
  const guard = need(results, 'guard@4');
  const floor = need(results, 'floor@4');
  const switching = need(results, 'switch@4');
  const health50 = need(results, 'health@50');
  const guard50 = need(results, 'guard@50');
  const share =
    health50.requestsPerSecond > 0 ? guard50.requestsPerSecond / health50.requestsPerSecond : 0;
  return [
    {
      target: 'guard p95 < 10 ms at 4 conns',
      measured: `${guard.latency.p95.toFixed(2)} ms (web-stack floor, no database: ${floor.latency.p95.toFixed(2)} ms)`,
      met: guard.latency.p95 < 10,
    },
    {
      target: 'switch p95 < 25 ms at 4 conns',
      measured: `${switching.latency.p95.toFixed(2)} ms`,
      met: switching.latency.p95 < 25,
    },
    {
      target: 'guard req/s >= 70% of health at 50 conns',
      measured: `${(share * 100).toFixed(0)}% (${guard50.requestsPerSecond.toFixed(0)} vs ${health50.requestsPerSecond.toFixed(0)} req/s)`,
      met: share >= 0.7,
    },
  ];
}
