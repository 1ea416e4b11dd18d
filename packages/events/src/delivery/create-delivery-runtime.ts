import { createChannelHub, createDb, type ChannelHub, type Db } from '@aiconnected/db';
import type { SecretKeyRing } from '@aiconnected/secrets';
import { PgBoss } from 'pg-boss';
import { webhookSecretsOf } from '../credentials/webhook-secrets-of';
import { deleteExpiredEvents } from './delete-expired-events';
import type { DeliverySettings } from './delivery-settings';
import type { DeliveryLogger } from './delivery-logger';
import { drainLane, type DrainResult } from './drain-lane';
import { dueLanes } from './due-lanes';
import { createLaneActivity } from './lane-activity';
import { takeLaneAnnouncements } from './lane-announcements';
import { createInstallationSlots } from './installation-slots';
import { createLaneDispatcher, type LaneDispatcher } from './lane-dispatcher';
import { laneKey, parseLaneKey, type Lane } from './lane-key';
import { tryLockLane, type LaneLock } from './lane-lock';
import { createWebhookPoster } from './post-webhook';

/** pg-boss queues of the delivery runtime (schema `pgboss`). */
export const DELIVERY_QUEUES = {
  /** Drain one lane; stately + singletonKey = lane key: one active and one queued per lane. */
  lane: 'event-lane',
  /** Wake a lane at its head's next attempt (deferred jobs, so `event-lane` never holds one). */
  wake: 'event-lane-wake',
  /** The daily retention job. */
  retention: 'event-retention',
} as const;

/** Completed and failed pg-boss jobs are deleted after an hour: the queue tables stay small. */
const JOB_KEEP_SECONDS = 3600;
/** Retention runs daily at 03:17 UTC. */
const RETENTION_CRON = '17 3 * * *';
/** How long `stop` waits for drains in flight (each ends after its current POST). */
const STOP_TIMEOUT_MS = 45_000;

export interface DeliveryRuntimeOptions {
  connectionString: string;
  db: Db;
  logger: DeliveryLogger;
  /** Opens the installations' sealed webhook secrets (SHELL_SECRET_KEYS). */
  secrets: SecretKeyRing;
  settings: DeliverySettings;
  /** The process's channel hub, to share its listening connection; else one of its own. */
  hub?: ChannelHub;
  /** For tests only: replaces `targetAddressRefusal`, as the gateway's forwarder allows. */
  addressRefusal?: (address: string) => string | null;
}

export interface DeliveryRuntime {
  start(): Promise<void>;
  /** Stops taking lanes, lets each drain finish its POST in flight and record it, then stops pg-boss. */
  stop(): Promise<void>;
}

/**
 * The event delivery runtime of a process (docs/events.md "Delivery", "Processes"): pg-boss
 * on its own schema for leasing, crash recovery (heartbeats), deferred wake-ups, the daily
 * retention schedule and pruning of finished jobs; the lane dispatcher turning outbox
 * notifications and sweeps into `event-lane` jobs; and `settings.concurrency` drains at once.
 * Several processes (web with EVENTS_DELIVERY=inline, `npm run worker`) share the work.
 */
export function createDeliveryRuntime(options: DeliveryRuntimeOptions): DeliveryRuntime {
  const { db, logger, settings } = options;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: 'pgboss',
    application_name: 'aiconnected-delivery',
    instanceName: settings.workerName,
    max: 4,
    useListenNotify: true,
    // Lapsed heartbeats are looked for every half heartbeat: a killed worker's lanes are
    // taken over within about 1.5 heartbeats.
    superviseIntervalSeconds: Math.max(1, Math.floor(settings.heartbeatSeconds / 2)),
    monitorIntervalSeconds: Math.max(1, Math.floor(settings.heartbeatSeconds / 2)),
  });
  boss.on('error', (error) => logger.error({ err: error }, 'events.pg_boss_error'));
  boss.on('warning', (warning) => logger.warn({ data: warning.data }, warning.message));
  // One connection per drain in progress, holding its lane's advisory lock (`tryLockLane`).
  const lanes = createDb(options.connectionString, {
    max: settings.concurrency,
    applicationName: 'aiconnected-delivery-locks',
    logger: { debug: () => undefined, warn: (obj, msg) => logger.warn(obj, msg) },
  });
  const poster = createWebhookPoster({
    allowAnyAddress: settings.allowPrivateTargets,
    addressRefusal: options.addressRefusal,
  });
  let stopping = false;
  let dispatcher: LaneDispatcher | undefined;
  let stopTakingAnnouncements: (() => void) | undefined;
  // Lanes drained here right now: their notifications poke the drain, not pg-boss.
  const activity = createLaneActivity();
  // Drains per installation here (docs/events.md "Fairness"): one slow module cannot hold
  // every worker.
  const slots = createInstallationSlots(settings.maxDrainsPerInstallation);

  /** Queues a drain job per lane (pg-boss: one queued and one active per lane). */
  const queue = async (keys: string[]) => {
    if (keys.length === 0) return;
    await boss.insert(
      DELIVERY_QUEUES.lane,
      keys.map((key) => ({ data: { lane: key }, singletonKey: key })),
    );
  };
  /** Wakes each lane: its drain in this process when there is one, else a job. */
  const wake = (keys: string[]) => queue(keys.filter((key) => !activity.poke(key)));
  /** Frees an installation's slot and queues the lanes that found it full meanwhile. */
  const requeueDeferred = async (installationId: string) => {
    const keys = slots.release(installationId);
    if (stopping || keys.length === 0) return;
    // A failed insert strands nothing: the sweep queues any lane whose head is due.
    await queue(keys).catch((error: unknown) =>
      logger.warn({ err: error, lanes: keys.length }, 'events.lane_wake_failed'),
    );
  };
  const drainDeps = {
    db,
    poster,
    settings,
    logger,
    secretsOf: (installationId: string) => webhookSecretsOf(db, installationId, options.secrets),
    // One waiting wake-up per lane (upsert by singletonKey, the time asked last): a lane
    // deferred again and again no longer piles up wake jobs. A wake-up replaced by a later one
    // cannot strand the lane: the sweep queues any lane whose head is due.
    wakeAt: async (lane: Lane, at: Date) => {
      const key = laneKey(lane);
      await boss.upsert(DELIVERY_QUEUES.wake, { lane: key }, { singletonKey: key, startAfter: at });
    },
    stopping: () => stopping,
  };

  const start = async () => {
    await boss.start();
    await boss.createQueue(DELIVERY_QUEUES.lane, {
      policy: 'stately',
      heartbeatSeconds: settings.heartbeatSeconds,
      // A drain gives its worker back after ~60 s plus the POST in flight (<= 30 s).
      expireInSeconds: 300,
      retryLimit: 3,
      deleteAfterSeconds: JOB_KEEP_SECONDS,
      notify: true,
    });
    await boss.createQueue(DELIVERY_QUEUES.wake, {
      deleteAfterSeconds: JOB_KEEP_SECONDS,
      notify: true,
    });
    await boss.createQueue(DELIVERY_QUEUES.retention, {
      policy: 'singleton',
      expireInSeconds: 3600,
      deleteAfterSeconds: 7 * 86_400,
    });
    await boss.work<{ lane: string }>(
      DELIVERY_QUEUES.lane,
      {
        localConcurrency: settings.concurrency,
        batchSize: 1,
        // NOTIFY wakes the workers for new jobs; the poll finds the ones nothing announces:
        // a killed worker's lanes once pg-boss has failed them for their lapsed heartbeat.
        pollingIntervalSeconds: 2,
        notifyPollingIntervalSeconds: 2,
      },
      async ([job]) => {
        const lane = job ? parseLaneKey(job.data.lane) : null;
        if (!job || !lane) return;
        const key = job.data.lane;
        // At its installation's cap: not drained now (no attempt, nothing read); queued again
        // when one of the installation's drains here ends, or by the sweep.
        if (!slots.take(lane.installationId, key)) return;
        let lock: LaneLock | null;
        try {
          lock = await tryLockLane(lanes.pool, lane);
        } catch (error) {
          await requeueDeferred(lane.installationId);
          throw error;
        }
        if (lock === null) {
          await requeueDeferred(lane.installationId);
          // Another drain has it (its job's lease lapsed under it): look again in a second, in
          // case it ends just before what woke this job.
          await drainDeps.wakeAt(lane, new Date(Date.now() + 1000));
          return;
        }
        // Registered only while the lock is held; null if a drain here has it already (then
        // the lock above was refused, so this does not happen; kept as a guard).
        const active = activity.enter(key) ?? undefined;
        let result: DrainResult;
        let poked = false;
        try {
          result = await drainLane(
            drainDeps,
            lane,
            AbortSignal.any([job.signal, lock.signal]),
            active,
          );
        } catch (error) {
          // The job fails and pg-boss runs it again: what this batch sent but did not record
          // goes out again, with the same webhook-id (at least once).
          logger.warn({ err: error, lane: key }, 'events.lane_drain_failed');
          throw error;
        } finally {
          // Unregistered before the lock goes: from here on a notification queues a job.
          poked = active?.leave() ?? false;
          await lock.release();
          await requeueDeferred(lane.installationId);
        }
        // Queued behind this active job (or already queued): the lane goes on after it. Also
        // when new work was announced while the drain was ending.
        if ((result === 'yielded' || poked) && !stopping) await queue([key]);
      },
    );
    // Deferred jobs come due without a NOTIFY: polled every second.
    await boss.work<{ lane: string }>(
      DELIVERY_QUEUES.wake,
      { batchSize: 100, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 },
      async (jobs) => {
        await wake([...new Set(jobs.map((job) => job.data.lane))]);
      },
    );
    await boss.work(DELIVERY_QUEUES.retention, async () => {
      const deleted = await deleteExpiredEvents(db, settings.retentionDays);
      logger.info({ deleted, retention_days: settings.retentionDays }, 'events.retention');
    });
    await boss.schedule(DELIVERY_QUEUES.retention, RETENTION_CRON, null, { tz: 'UTC' });
    // Its own hub ends with its one listener (the dispatcher's close).
    const hub =
      options.hub ?? createChannelHub(db, { applicationName: 'aiconnected-delivery-listener' });
    dispatcher = createLaneDispatcher({
      hub,
      logger,
      wake,
      sweep: () => dueLanes(db),
      sweepIntervalMs: settings.sweepIntervalMs,
    });
    // Emits on `db` in this process wake their lanes directly (no NOTIFY round trip).
    const taking = dispatcher;
    stopTakingAnnouncements = takeLaneAnnouncements(db, (keys) => taking.announce(keys));
  };
  let starting: Promise<void> | undefined;

  return {
    start() {
      starting ??= start();
      return starting;
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      // A start in flight finishes first (or fails), so nothing it opens is left running.
      await starting?.catch(() => undefined);
      stopTakingAnnouncements?.();
      await dispatcher?.close();
      activity.wakeAll();
      await boss.stop({ graceful: true, close: true, timeout: STOP_TIMEOUT_MS });
      await poster.close();
      await lanes.close();
    },
  };
}
