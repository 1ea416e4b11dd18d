import type { LoadResult } from './run-load';

/** One speed target and whether this run met it. */
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
 * The serving targets against a bare node:http server of the same run (unrouted /api >= 40%
 * and guard >= 15% of its req/s at 50 connections; guard p95 < 5 ms and switch p95 < 10 ms at
 * 4), then the earlier three: guard p95 < 10 ms and switch p95 < 25 ms at 4 connections, and
 * guard throughput at 50 connections >= 70% of health's. Reported, never enforced.
 */
export function evaluateTargets(results: ResultsByKey): TargetOutcome[] {
  const guard = need(results, 'guard@4');
  const floor = need(results, 'floor@4');
  const switching = need(results, 'switch@4');
  const health50 = need(results, 'health@50');
  const guard50 = need(results, 'guard@50');
  const share =
    health50.requestsPerSecond > 0 ? guard50.requestsPerSecond / health50.requestsPerSecond : 0;
  const bare50 = need(results, 'bare@50');
  const floor50 = need(results, 'floor@50');
  const ofBare = (result: LoadResult) =>
    bare50.requestsPerSecond > 0 ? result.requestsPerSecond / bare50.requestsPerSecond : 0;
  const shareOfBare = (result: LoadResult) =>
    `${(ofBare(result) * 100).toFixed(0)}% (${result.requestsPerSecond.toFixed(0)} vs ${bare50.requestsPerSecond.toFixed(0)} req/s)`;
  return [
    {
      target: 'unrouted /api req/s >= 40% of bare node:http at 50 conns',
      measured: shareOfBare(floor50),
      met: ofBare(floor50) >= 0.4,
    },
    {
      target: 'guard req/s >= 15% of bare node:http at 50 conns',
      measured: shareOfBare(guard50),
      met: ofBare(guard50) >= 0.15,
    },
    {
      target: 'guard p95 < 5 ms at 4 conns',
      measured: `${guard.latency.p95.toFixed(2)} ms`,
      met: guard.latency.p95 < 5,
    },
    {
      target: 'switch p95 < 10 ms at 4 conns',
      measured: `${switching.latency.p95.toFixed(2)} ms`,
      met: switching.latency.p95 < 10,
    },
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
