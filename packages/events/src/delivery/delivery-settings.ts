/**
 * Standard Webhooks' retry schedule (docs/events.md "Retries and dead letter"): the delay in
 * seconds before each attempt after the previous one, the first immediately. 8 attempts over
 * about 27.5 hours; the last failing one dead-letters the delivery.
 */
export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = [
  0,
  5,
  5 * 60,
  30 * 60,
  2 * 3600,
  5 * 3600,
  10 * 3600,
  10 * 3600,
];

/** Events are kept at least this many days online (PRD §12.5); a shorter setting is refused. */
export const MIN_RETENTION_DAYS = 180;

/** How the delivery runtime of a process works (apps/platform env.ts builds it). */
export interface DeliverySettings {
  /** Seconds before each attempt after the previous one (`EVENTS_RETRY_SCHEDULE`). */
  retryScheduleSeconds: number[];
  /** Lanes this process drains at once (`EVENTS_WORKER_CONCURRENCY`). */
  concurrency: number;
  /**
   * Drains one installation may hold at once in this process (`EVENTS_MAX_DRAINS_PER_INSTALLATION`,
   * default `max(1, floor(concurrency / 4))`): a module that never answers on many streams holds
   * only these workers, not every tenant's (docs/events.md "Fairness").
   */
  maxDrainsPerInstallation: number;
  /** Deliveries read per lane batch (one state write per batch). */
  batchSize: number;
  /**
   * How long a drain that emptied its lane waits for a notification of new work before it
   * gives its worker back (ms; 0: never). Under a steady stream of emits a lane keeps one drain
   * instead of a pg-boss job per event or two.
   */
  lingerMs: number;
  /**
   * How long a drain waits before reading its lane again after a small batch (fewer than 10
   * deliveries) or a poke (`EVENTS_DELIVERY_GATHER_MS`, ms; 0: never): a trickling lane is read
   * and recorded several deliveries at a time, at the cost of up to this much latency per batch.
   */
  gatherMs: number;
  /** pg-boss heartbeat of a lane job: a killed worker's lane is taken over after about twice this. */
  heartbeatSeconds: number;
  /** Events older than this many days are deleted by the daily job (`EVENTS_RETENTION_DAYS`, >= 180). */
  retentionDays: number;
  /** Pause between sweeps for lanes with due deliveries (a lost notification only delays). */
  sweepIntervalMs: number;
  /**
   * Local mode only: no target address is refused. Otherwise the gateway's rules apply
   * (`targetAddressRefusal`: link-local, cloud metadata, ... refused; private and loopback allowed).
   */
  allowPrivateTargets: boolean;
  /** Recorded on each attempt (`event_delivery_attempts.worker`) and in pg-boss's instance list. */
  workerName: string;
}

/** The defaults, for what the environment leaves unset. */
export function defaultDeliverySettings(
  overrides: Partial<DeliverySettings> = {},
): DeliverySettings {
  const concurrency = overrides.concurrency ?? 8;
  return {
    retryScheduleSeconds: [...DEFAULT_RETRY_SCHEDULE_SECONDS],
    concurrency,
    maxDrainsPerInstallation: Math.max(1, Math.floor(concurrency / 4)),
    batchSize: 100,
    lingerMs: 250,
    gatherMs: 20,
    heartbeatSeconds: 10,
    retentionDays: MIN_RETENTION_DAYS,
    sweepIntervalMs: 5000,
    allowPrivateTargets: false,
    workerName: 'delivery',
    ...overrides,
  };
}

/**
 * Reads `EVENTS_RETRY_SCHEDULE`: comma-separated seconds (fractions allowed), 1 to 20 entries,
 * each 0 to 86400. Throws a message naming the problem (env.ts reports it with the variable).
 */
export function parseRetrySchedule(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length < 1 || parts.length > 20) {
    throw new Error('must list 1 to 20 delays in seconds, comma-separated (e.g. 0,5,300)');
  }
  return parts.map((part) => {
    const seconds = Number(part);
    if (part === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
      throw new Error(`"${part}" is not a delay in seconds from 0 to 86400`);
    }
    return seconds;
  });
}
