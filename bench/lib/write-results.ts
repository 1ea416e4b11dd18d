import { writeFileSync } from 'node:fs';
import type { GuardTransactionTiming } from './time-guard-transaction';
import type { MachineDescription } from './describe-machine';
import type { RequestWork } from './count-request-work';
import type { TargetOutcome } from './evaluate-targets';
import type { LoadResult } from './run-load';
import { resultsPath } from './results-path';

/** Everything one run measured. */
export interface RunRecord {
  startedAt: Date;
  machine: MachineDescription;
  database: string;
  settings: { durationSeconds: number; warmupSeconds: number };
  results: readonly LoadResult[];
  targets: readonly TargetOutcome[];
  requestWork: readonly RequestWork[];
  guardTransaction: GuardTransactionTiming;
}

/**
 * Writes the run as JSON to bench/results/auth-guard-<timestamp>.json (git-ignored), so
 * runs can be compared later. Returns the file's path.
 */
export function writeResults(run: RunRecord): string {
  const file = resultsPath(run.startedAt, 'json');
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  return file;
}
