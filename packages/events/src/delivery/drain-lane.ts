import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '@aiconnected/db';
import type { DeliveryLogger } from './delivery-logger';
import type { DeliverySettings } from './delivery-settings';
import type { ActiveLane } from './lane-activity';
import type { Lane } from './lane-key';
import type { AttemptResult, WebhookPoster } from './post-webhook';
import { readLane, type LaneDelivery, type LaneTarget } from './read-lane';
import { recordLaneBatch, type DeliveryOutcome } from './record-lane-batch';
import { nextAttemptAt } from './retry-schedule';
import { readSigning, type Signing } from './read-signing';
import { toEventEnvelope } from '../envelope/to-event-envelope';

/** What draining a lane needs. */
export interface DrainDeps {
  db: Db;
  poster: WebhookPoster;
  settings: DeliverySettings;
  logger: DeliveryLogger;
  /** The installation's active webhook secrets (`whsec_...`), newest first. */
  secretsOf(installationId: string): Promise<string[]>;
  /** Wakes the lane again at `at` (its head's next attempt). */
  wakeAt(lane: Lane, at: Date): Promise<void>;
  /** True once the process is stopping: the drain ends after the POST in flight. */
  stopping(): boolean;
}

/**
 * How a drain ended: `empty` (nothing left), `waiting` (a dead-lettered head: the lane waits
 * for an admin), `held` (the installation's workspace is suspended or archived: the lane waits,
 * nothing attempted, until the workspace is active again and a sweep finds it), `deferred` (the
 * head's next attempt is later: woken then) or `yielded` (time or shutdown: the caller queues
 * the lane again).
 */
export type DrainResult = 'empty' | 'waiting' | 'held' | 'deferred' | 'yielded';

/** A drain gives its worker back after about this long, so long lanes take turns. */
const DRAIN_BUDGET_MS = 60_000;
/** Outcomes are written at least this often within a batch (a slow receiver's monitor stays live). */
const FLUSH_EVERY_MS = 1000;

const DEFAULT_TIMEOUT_MS = 10_000;
/** A drain signs with the secrets it read for this long (a rotation's overlap covers it). */
const SECRETS_REUSE_MS = 5000;
/** A batch of fewer deliveries than this is followed by a gather before the next read. */
const GATHER_BELOW = 10;

/** The installation's signer, read at most every `SECRETS_REUSE_MS` within one drain. */
type SignerOf = () => Promise<Signing>;

/**
 * Delivers `lane` (docs/events.md "Delivery"): reads up to `batchSize` undelivered deliveries
 * in order and POSTs them one at a time, holding the lane while the installation's workspace
 * is not active (nothing attempted), stopping at a dead-lettered head (the lane waits),
 * at a head not yet due (woken at its time) or after a failure (its retry is scheduled);
 * records each batch's outcomes in one transaction; loops until the lane is empty. With
 * `active` (the lane registered in this process's `LaneActivity`), an empty lane is not the
 * end at once: the drain lingers `settings.lingerMs` for a poke (a notification of new work)
 * and reads again. After a batch of fewer than `GATHER_BELOW` deliveries, or a poke, it waits
 * `settings.gatherMs` before that read (docs/events.md "Drain"). Only one drain of a lane runs
 * at a time (the pg-boss singletonKey and the lane lock), so order holds.
 */
export async function drainLane(
  deps: DrainDeps,
  lane: Lane,
  signal?: AbortSignal,
  active?: ActiveLane,
): Promise<DrainResult> {
  const started = Date.now();
  let signer: { sign: Signing; readAt: number } | undefined;
  const signerOf: SignerOf = async () => {
    if (signer === undefined || Date.now() - signer.readAt > SECRETS_REUSE_MS) {
      const sign = await readSigning((id) => deps.secretsOf(id), lane.installationId, deps.logger);
      signer = { sign, readAt: Date.now() };
    }
    return signer.sign;
  };
  // After a small batch or a poke the drain waits `gatherMs` before reading again, so a
  // trickling lane is read and recorded several deliveries at a time instead of one by one.
  let gather = false;
  for (;;) {
    if (gather && deps.settings.gatherMs > 0) await gatherPause(deps.settings.gatherMs, signal);
    if (deps.stopping() || signal?.aborted || Date.now() - started > DRAIN_BUDGET_MS)
      return 'yielded';
    active?.clear();
    const { deliveries, target } = await readLane(deps.db, lane, deps.settings.batchSize);
    if (deliveries.length === 0 || target === null) {
      if (active && !deps.stopping() && (await active.linger(deps.settings.lingerMs, signal))) {
        gather = true;
        continue;
      }
      return 'empty';
    }
    gather = deliveries.length < GATHER_BELOW;
    // A suspended or archived workspace's modules get nothing meanwhile, not even lifecycle
    // actions; nothing is attempted or skipped, so all of it goes out in order once the
    // workspace is active again (dueLanes leaves such lanes out until then).
    if (target.workspaceStatus !== 'active') return 'held';
    const ended = await deliverBatch(deps, lane, deliveries, target, signerOf, signal);
    if (ended !== null) return ended;
  }
}

/** Waits `ms`, or less when `signal` aborts (the drain then yields at its next check). */
async function gatherPause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}

/** Delivers one batch in order; null when the whole batch was settled (read the next one). */
async function deliverBatch(
  deps: DrainDeps,
  lane: Lane,
  deliveries: readonly LaneDelivery[],
  target: LaneTarget,
  signerOf: SignerOf,
  signal: AbortSignal | undefined,
): Promise<DrainResult | null> {
  const batchTarget = {
    installationId: target.installationId,
    workspaceId: target.workspaceId,
    moduleKey: target.moduleKey,
  };
  let outcomes: DeliveryOutcome[] = [];
  let flushedAt = Date.now();
  const flush = async (disableEndpoint = false) => {
    await recordLaneBatch(deps.db, {
      target: batchTarget,
      outcomes,
      disableEndpoint,
      worker: deps.settings.workerName,
    });
    outcomes = [];
    flushedAt = Date.now();
  };
  /** Read when the batch POSTs its first delivery (null: no active secret; or a refusal). */
  let sign: Signing | undefined;

  for (const delivery of deliveries) {
    if (delivery.state === 'dead_letter') {
      await flush();
      return 'waiting';
    }
    if (delivery.nextAttemptAt.getTime() > Date.now()) {
      await flush();
      await deps.wakeAt(lane, delivery.nextAttemptAt);
      return 'deferred';
    }
    if (delivery.kind === 'event' && (target.state !== 'enabled' || target.webhooksDisabled)) {
      outcomes.push(
        skipped(delivery, target.webhooksDisabled ? 'endpoint_gone' : 'installation_not_enabled'),
      );
      continue;
    }
    if (deps.stopping() || signal?.aborted) {
      await flush();
      return 'yielded';
    }
    if (sign === undefined) sign = await signerOf();
    const attemptStarted = new Date();
    const result = await attempt(deps, delivery, target, sign, attemptStarted);
    const outcome = settle(deps.settings.retryScheduleSeconds, delivery, result, attemptStarted);
    outcomes.push(outcome);
    deps.logger.info(
      {
        module_key: target.moduleKey,
        workspace_id: delivery.workspaceId,
        delivery_id: delivery.id,
        event_id: delivery.eventId,
        kind: delivery.kind,
        attempt: outcome.attempts,
        status: result.status,
        outcome: result.outcome,
        duration_ms: result.durationMs,
        state: outcome.state,
        ...(result.error === null ? {} : { error: result.error }),
      },
      'events.delivery_attempt',
    );
    if (result.outcome === 'gone') {
      // The rest of the lane's event deliveries are skipped with the endpoint; read again.
      await flush(true);
      return null;
    }
    if (outcome.state === 'dead_letter') {
      await flush();
      return 'waiting';
    }
    if (outcome.state === 'pending' && outcome.nextAttemptAt !== null) {
      await flush();
      await deps.wakeAt(lane, outcome.nextAttemptAt);
      return 'deferred';
    }
    if (Date.now() - flushedAt >= FLUSH_EVERY_MS) await flush();
  }
  await flush();
  return null;
}

/** POSTs one delivery, or says why it cannot be (no path, no secret) as a refused attempt. */
async function attempt(
  deps: DrainDeps,
  delivery: LaneDelivery,
  target: LaneTarget,
  sign: Signing,
  at: Date,
): Promise<AttemptResult> {
  const path =
    delivery.kind === 'event'
      ? target.webhooks?.eventsPath
      : delivery.action === null
        ? undefined
        : target.webhooks?.actions?.[delivery.action];
  const refused = (error: string): AttemptResult => ({
    outcome: 'refused',
    status: null,
    durationMs: 0,
    error,
    retryAfterMs: null,
  });
  if (target.baseUrl === null || path === undefined) {
    return refused(
      `module version ${target.moduleVersion ?? '(none)'} declares no webhook path for this ${delivery.kind}`,
    );
  }
  if (sign === null) return refused('the installation has no active webhook secret');
  if (typeof sign !== 'function') return refused(sign.refusal);
  const body = JSON.stringify(toEventEnvelope(delivery.event));
  return deps.poster.post({
    url: `${target.baseUrl.replace(/\/+$/, '')}${path}`,
    body,
    timeoutMs: target.webhooks?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'aiConnected-Webhooks/1',
      ...sign(delivery.id, at, body),
    },
  });
}

/** The delivery's new state after an attempt. */
function settle(
  schedule: readonly number[],
  delivery: LaneDelivery,
  result: AttemptResult,
  startedAt: Date,
): DeliveryOutcome {
  const attempts = delivery.attempts + 1;
  const base = {
    deliveryId: delivery.id,
    eventId: delivery.eventId,
    workspaceId: delivery.workspaceId,
    attempts,
    eventName: delivery.event.event_name,
    stream: delivery.event.stream,
    attempt: {
      attempt: attempts,
      startedAt,
      durationMs: result.durationMs,
      status: result.status,
      outcome: result.outcome,
      error: result.error,
    },
  };
  if (result.outcome === 'delivered') {
    return { ...base, state: 'delivered', nextAttemptAt: null, skipReason: null };
  }
  if (result.outcome === 'gone') {
    return { ...base, state: 'skipped', nextAttemptAt: null, skipReason: 'endpoint_gone' };
  }
  const next = nextAttemptAt(attempts, schedule, Date.now(), result.retryAfterMs);
  return next === null
    ? { ...base, state: 'dead_letter', nextAttemptAt: null, skipReason: null }
    : { ...base, state: 'pending', nextAttemptAt: next, skipReason: null };
}

function skipped(
  delivery: LaneDelivery,
  reason: 'endpoint_gone' | 'installation_not_enabled',
): DeliveryOutcome {
  return {
    deliveryId: delivery.id,
    eventId: delivery.eventId,
    workspaceId: delivery.workspaceId,
    state: 'skipped',
    attempts: delivery.attempts,
    nextAttemptAt: null,
    skipReason: reason,
    attempt: null,
    eventName: delivery.event.event_name,
    stream: delivery.event.stream,
  };
}
