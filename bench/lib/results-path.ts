import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

/**
 * `bench/results/<bench>-<run start, ISO>.<extension>` (the folder is git-ignored and
 * created on demand): every file of one run shares the stamp.
 */
export function resultsPath(startedAt: Date, extension: string, bench = 'auth-guard'): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  return path.join(RESULTS_DIR, `${bench}-${stamp}.${extension}`);
}
