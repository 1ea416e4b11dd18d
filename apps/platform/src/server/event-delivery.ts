import { hostname } from 'node:os';
import type { ChannelHub, Db } from '@aiconnected/db';
import {
  createDeliveryRuntime,
  defaultDeliverySettings,
  type DeliveryRuntime,
  type DeliverySettings,
} from '@aiconnected/events';
import type { SecretKeyRing } from '@aiconnected/secrets';
import type { Env } from '@/env';
import type { Logger } from './logger';

/** The delivery settings of this process from its environment (docs/events.md "Processes"). */
export function deliverySettingsFromEnv(
  environment: Env,
  role: 'web' | 'worker',
): DeliverySettings {
  return defaultDeliverySettings({
    ...(environment.EVENTS_RETRY_SCHEDULE
      ? { retryScheduleSeconds: environment.EVENTS_RETRY_SCHEDULE }
      : {}),
    concurrency: environment.EVENTS_WORKER_CONCURRENCY,
    ...(environment.EVENTS_MAX_DRAINS_PER_INSTALLATION
      ? { maxDrainsPerInstallation: environment.EVENTS_MAX_DRAINS_PER_INSTALLATION }
      : {}),
    gatherMs: environment.EVENTS_DELIVERY_GATHER_MS,
    retentionDays: environment.EVENTS_RETENTION_DAYS,
    // As the gateway: in local mode no target address is refused.
    allowPrivateTargets: environment.PLATFORM_ENV === 'local',
    workerName: `${role}@${hostname()}:${process.pid}`.slice(0, 128),
  });
}

export interface EventDeliveryInput {
  environment: Env;
  /** The process's DATABASE_URL (pg-boss opens its own small pool on it). */
  connectionString: string;
  db: Db;
  logger: Logger;
  secrets: SecretKeyRing;
  /** The process's channel hub (the web runtime's), else the runtime opens its own. */
  hub?: ChannelHub;
  role: 'web' | 'worker';
}

/**
 * This process's event delivery (pg-boss, the lane dispatcher, the drains), not yet started:
 * `start` rejects when pg-boss cannot start; `stop` finishes the POSTs in flight.
 */
export function createEventDelivery(input: EventDeliveryInput): DeliveryRuntime {
  return createDeliveryRuntime({
    connectionString: input.connectionString,
    db: input.db,
    logger: input.logger.child({ component: 'event-delivery', role: input.role }),
    secrets: input.secrets,
    settings: deliverySettingsFromEnv(input.environment, input.role),
    hub: input.hub,
  });
}
