/**
 * `npm run worker`: event delivery and the integrations status refresh alone (docs/events.md
 * "Processes", docs/integrations.md), for deployments whose
 * web processes run with EVENTS_DELIVERY=off. Several workers on one Postgres share the lanes
 * (one drain per lane at a time, pg-boss leases). Runs against DATABASE_URL as it is (no
 * migration: `npm run db:migrate` first). Stops on SIGINT or SIGTERM after the POSTs in flight.
 */
import { createDb } from '@aiconnected/db';
import { EnvError, env as readEnv, type Env } from '../src/env';
import { createEventDelivery } from '../src/server/event-delivery';
import {
  createIntegrationsProcess,
  integrationsDepsFromEnv,
} from '../src/server/integrations-runtime';
import { createLogger } from '../src/server/logger';
import { secretKeysFromEnv } from '../src/server/secret-keys';
import { fail } from './lib/fail';

function environment(): Env {
  try {
    return readEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
}

const env = environment();
if (!env.DATABASE_URL) fail('DATABASE_URL is required: the worker delivers from that database.');
const logger = createLogger(env.LOG_LEVEL);
const db = createDb(env.DATABASE_URL, { logger, applicationName: 'aiconnected-worker' });
const secrets = secretKeysFromEnv(env);
const delivery = createEventDelivery({
  environment: env,
  connectionString: env.DATABASE_URL,
  db,
  logger,
  secrets,
  role: 'worker',
});
const integrationsDeps = integrationsDepsFromEnv(env, logger, secrets);
const integrations = createIntegrationsProcess({
  environment: env,
  connectionString: env.DATABASE_URL,
  db,
  deps: integrationsDeps,
});
try {
  await delivery.start();
  await integrations.start();
} catch (error) {
  await db.close();
  fail(`The worker could not start: ${error instanceof Error ? error.message : String(error)}`);
}
logger.info({ concurrency: env.EVENTS_WORKER_CONCURRENCY }, 'events.worker_started');

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void delivery
    .stop()
    .then(() => integrations.stop())
    .then(() => integrationsDeps.providers.close())
    .then(() => db.close())
    .then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
