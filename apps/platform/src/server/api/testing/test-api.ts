import type { Db } from '@aiconnected/db';
import { createApi } from '@/server/api/app';
import type { ApiConfig } from '@/server/api/guard';
import type { SignInLimits } from '@/server/api/guard/rate-limits';
import type { ApiApp } from '@/server/api/context';
import { createLogger } from '@/server/logger';
import { buildTestDeps } from './build-test-deps';

/** One parsed log line. */
export type LogLine = Record<string, unknown>;

/** An API instance whose log lines are kept in `logs` instead of going to stdout. */
export interface TestApi {
  api: ApiApp;
  logs: LogLine[];
}

/**
 * Builds the real API around `db` (null: no database configured) with a capturing logger and
 * the test dependencies of `buildTestDeps` (`config` overrides the local test settings).
 */
export function createTestApi(
  db: Db | null,
  options: {
    healthProbeTimeoutMs?: number;
    config?: Partial<ApiConfig>;
    /** Sign-in limits other than the defaults (a test's own, small allowance). */
    limits?: SignInLimits;
  } = {},
): TestApi {
  const logs: LogLine[] = [];
  const logger = createLogger('debug', {
    write(line: string) {
      logs.push(JSON.parse(line) as LogLine);
    },
  });
  const { config, limits, ...rest } = options;
  return { api: createApi({ ...buildTestDeps(db, config, limits), logger, ...rest }), logs };
}

/** The response's correlation id header, failing the test when it is missing. */
export function correlationIdOf(response: Response): string {
  const id = response.headers.get('x-correlation-id');
  if (!id) throw new Error('response has no x-correlation-id header');
  return id;
}
