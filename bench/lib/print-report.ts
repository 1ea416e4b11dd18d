import type { TargetOutcome } from './evaluate-targets';
import type { LoadResult } from './run-load';

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '-');
const ratio = (value: number, base: number) =>
  base > 0 && Number.isFinite(value) ? `${(value / base).toFixed(2)}x` : '-';

function statusSummary(result: LoadResult): string {
  const others = Object.entries(result.statusCounts).filter(([code]) => !code.startsWith('2'));
  const described = others.map(([code, count]) => `${count}x${code}`).join(' ');
  return result.errors > 0 ? `${described} ${result.errors} err`.trim() : described || '0';
}

/** The health result a scenario is compared with: the baseline at the same concurrency. */
function baselineOf(result: LoadResult, results: readonly LoadResult[]): LoadResult | undefined {
  return results.find((candidate) => candidate.key === `health@${result.connections}`);
}

/**
 * Prints the results table (p50/p95/p99 of 2xx responses, req/s, non-2xx, and the ratios to
 * the health baseline at the same concurrency), then each target with PASS or MISS.
 */
export function printReport(
  results: readonly LoadResult[],
  targets: readonly TargetOutcome[],
): void {
  const header = [
    'scenario',
    'conns',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'req/s',
    'non-2xx',
    'p95/health',
    'req/s/health',
  ];
  const rows = results.map((result) => {
    const base = baselineOf(result, results);
    return [
      result.label,
      String(result.connections),
      ms(result.latency.p50),
      ms(result.latency.p95),
      ms(result.latency.p99),
      result.requestsPerSecond.toFixed(0),
      statusSummary(result),
      base ? ratio(result.latency.p95, base.latency.p95) : '-',
      base ? ratio(result.requestsPerSecond, base.requestsPerSecond) : '-',
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  console.log(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const row of rows) console.log(line(row));

  const signIn = results.find((result) => result.key.startsWith('sign-in'));
  if (signIn) {
    console.log(
      `\nSign-in latency is of the ${signIn.latency.count} accepted attempts (password hashing dominates); ` +
        `${signIn.non2xx} refused by the sign-in rate limiter (10 attempts per client IP per 15 min, ` +
        `the bench's own sign-ins included) answered in p50 ${ms(signIn.refusedLatency.p50)} ms.`,
    );
  }
  console.log(
    '\nTargets (serving against the bare node:http floor, then the earlier speed targets):',
  );
  for (const outcome of targets) {
    console.log(
      `  ${outcome.met ? 'PASS' : 'MISS'}  ${outcome.target.padEnd(58)} ${outcome.measured}`,
    );
  }
}
