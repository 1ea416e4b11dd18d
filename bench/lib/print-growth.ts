import type { LoadResult } from './run-load';
import { SCALE_ENDPOINTS } from './scale-scenarios';

/** Growth of one endpoint's p95 from the demo tree to the large tree. */
export interface Growth {
  role: string;
  endpoint: string;
  demoP95: number;
  largeP95: number;
  ratio: number;
  pass: boolean;
}

/** The target: no p95 grows more than this from the demo tree to the large tree. */
export const MAX_GROWTH = 2;

/** Pairs each demo result with its large-tree result (`<role>/<endpoint>@demo|large`). */
export function computeGrowth(results: readonly LoadResult[], roles: readonly string[]): Growth[] {
  const p95 = (key: string) => results.find((result) => result.key === key)?.latency.p95 ?? NaN;
  return roles.flatMap((role) =>
    SCALE_ENDPOINTS.map(([endpoint]) => {
      const demoP95 = p95(`${role}/${endpoint}@demo`);
      const largeP95 = p95(`${role}/${endpoint}@large`);
      const ratio = largeP95 / demoP95;
      return { role, endpoint, demoP95, largeP95, ratio, pass: ratio <= MAX_GROWTH };
    }),
  );
}

/** Prints the growth table (Markdown, ready for bench/README.md). */
export function printGrowth(growth: readonly Growth[]): void {
  const ms = (value: number) => value.toFixed(2);
  console.log('\n| role   | endpoint   | demo p95 ms | large p95 ms | growth | target <= 2x |');
  console.log('| ------ | ---------- | ----------- | ------------ | ------ | ------------ |');
  for (const row of growth) {
    console.log(
      `| ${row.role.padEnd(6)} | ${row.endpoint.padEnd(10)} | ${ms(row.demoP95).padStart(11)} | ` +
        `${ms(row.largeP95).padStart(12)} | ${row.ratio.toFixed(2).padStart(6)} | ` +
        `${(row.pass ? 'PASS' : 'MISS').padEnd(12)} |`,
    );
  }
}
