import type { Db } from '@aiconnected/db';
import { PgBoss } from 'pg-boss';
import type { IntegrationsDeps } from '../connections/integrations-deps';
import { pruneCredentialRecords } from '../credentials/prune-credential-records';
import { pruneOAuthStates } from './prune-oauth-states';
import { refreshDueConnections } from './refresh-due-connections';

/** pg-boss queues of the integrations runtime (schema `pgboss`, shared with event delivery). */
export const INTEGRATIONS_QUEUES = {
  /** The status refresh tick (scheduled every `intervalMs`, at least a minute). */
  refresh: 'integrations-refresh',
  /** The daily prune: OAuth states after a day, policy history and decisions after 366 days. */
  prune: 'integrations-prune',
} as const;

const PRUNE_CRON = '41 3 * * *';
const JOB_KEEP_SECONDS = 3600;

export interface IntegrationsRuntimeOptions {
  connectionString: string;
  db: Db;
  deps: IntegrationsDeps;
  /** How often connections are checked with the backend (INTEGRATIONS_REFRESH_INTERVAL_MS). */
  intervalMs: number;
}

export interface IntegrationsRuntime {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The cron of a tick every `intervalMs` (whole minutes, at least 1). */
export function refreshCron(intervalMs: number): string {
  const minutes = Math.min(59, Math.max(1, Math.round(intervalMs / 60_000)));
  return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
}

/**
 * The integrations runtime of a process (web or worker, like event delivery): pg-boss
 * schedules fire once per tick across processes (singleton queues), so two processes never
 * refresh at once; `FOR UPDATE SKIP LOCKED` in the tick keeps them off the same rows anyway.
 */
export function createIntegrationsRuntime(
  options: IntegrationsRuntimeOptions,
): IntegrationsRuntime {
  const { db, deps } = options;
  const { logger } = deps;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: 'pgboss',
    application_name: 'aiconnected-integrations',
    max: 2,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'integrations.pg_boss_error'));

  const start = async () => {
    await boss.start();
    for (const queue of Object.values(INTEGRATIONS_QUEUES)) {
      await boss.createQueue(queue, {
        policy: 'singleton',
        expireInSeconds: 900,
        deleteAfterSeconds: JOB_KEEP_SECONDS,
      });
    }
    await boss.work(INTEGRATIONS_QUEUES.refresh, async () => {
      const tick = await refreshDueConnections(db, deps, { staleMs: options.intervalMs });
      if (tick.checked > 0 || tick.revoked > 0) logger.info({ ...tick }, 'integrations.refresh');
    });
    await boss.work(INTEGRATIONS_QUEUES.prune, async () => {
      const states = await pruneOAuthStates(db);
      const credentials = await pruneCredentialRecords(db);
      logger.info({ oauth_states: states, ...credentials }, 'integrations.prune');
    });
    await boss.schedule(INTEGRATIONS_QUEUES.refresh, refreshCron(options.intervalMs), null, {
      tz: 'UTC',
    });
    await boss.schedule(INTEGRATIONS_QUEUES.prune, PRUNE_CRON, null, { tz: 'UTC' });
  };

  return {
    start,
    stop: () => boss.stop({ graceful: true, timeout: 30_000 }),
  };
}
