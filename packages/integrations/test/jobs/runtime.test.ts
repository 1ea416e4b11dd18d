import { describe, expect, it } from 'vitest';
import {
  createIntegrationsRuntime,
  INTEGRATIONS_QUEUES,
} from '../../src/jobs/create-integrations-runtime';
import { setupIntegrationsWorld } from '../support';

// The integrations runtime on pg-boss (schema pgboss, as event delivery): its queues are
// singletons and both schedules are registered; stop ends it.

const world = setupIntegrationsWorld();

describe('integrations runtime', () => {
  it('creates its singleton queues and schedules the refresh and the daily prune', async () => {
    const { test, deps } = world();
    const runtime = createIntegrationsRuntime({
      connectionString: test.url,
      db: test.db,
      deps,
      intervalMs: 300_000,
    });
    await runtime.start();
    try {
      const { rows: queues } = await test.admin.query<{ name: string; policy: string }>(
        `select name, policy from pgboss.queue where name = any($1) order by name`,
        [Object.values(INTEGRATIONS_QUEUES)],
      );
      expect(queues).toEqual([
        { name: 'integrations-prune', policy: 'singleton' },
        { name: 'integrations-refresh', policy: 'singleton' },
      ]);
      const { rows: schedules } = await test.admin.query<{ name: string; cron: string }>(
        `select name, cron from pgboss.schedule where name = any($1) order by name`,
        [Object.values(INTEGRATIONS_QUEUES)],
      );
      expect(schedules).toEqual([
        { name: 'integrations-prune', cron: '41 3 * * *' },
        { name: 'integrations-refresh', cron: '*/5 * * * *' },
      ]);
    } finally {
      await runtime.stop();
    }
  });
});
