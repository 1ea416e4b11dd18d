import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import type { StoredEvent } from '@aiconnected/modules';
import { EMIT_BATCH_MAX_EVENTS, isShellError, ShellError } from '@aiconnected/sdk-contracts';
import { announceLanes } from '../delivery/lane-announcements';
import { sourceOf, type EventProducer } from '../producer';
import { checkEmit, checkModuleEmit } from './check-emit';
import {
  registryOf,
  StaleModuleKeyError,
  toResult,
  type EmitEventOptions,
  type PredictedModuleKey,
} from './emit-event';
import { DEFAULT_EVENT_STREAM, type EmitEventInput, type EmitEventResult } from './emit-types';

/** One event of a batch: an `EmitEventInput` without its producer (the batch's). */
export type EmitBatchInput = Omit<EmitEventInput, 'producer'>;

/**
 * Emits 1 to 100 events in ONE transaction, all or none (`POST /events/batch`; docs/events.md
 * "Batch emit"): each checked as `emitEvent` checks it (`checkEmit`), in request order, then
 * all stored by one call of `shell.emit_events` as the service (`storeEvents`: each stream's
 * events in request order, so they get consecutive sequences); the answers are in request
 * order; the lanes are announced once, after the commit. The first refused event rolls
 * everything back: its error, with `details.index` (0-based) added. A key seen before answers
 * its first event (`duplicate`), as a single emit does.
 *
 * A module's batch whose principal was PREDICTED (`options.predictedKey`, as for `emitEvent`;
 * docs/events.md "Installation credentials") is checked with the predicted principal exactly as
 * above, then stored by `shell.emit_module_events` (migration 060), which in the same statement
 * authenticates the key's hash as `shell.authenticate_module_key` does and calls
 * `shell.emit_events` only when it is still that installation and version, its workspace
 * active: one round trip for the whole request. Then `predictedKey.verified` is true; a
 * prediction that no longer holds stores nothing and throws `StaleModuleKeyError`. A key
 * reused in the batch for another event makes that statement store nothing (all or none): the
 * key verified, the batch is then emitted the way above, which answers its `CONFLICT`.
 */
export async function emitEvents(
  db: Db,
  producer: EventProducer,
  inputs: readonly EmitBatchInput[],
  options: EmitEventOptions = {},
): Promise<EmitEventResult[]> {
  if (inputs.length < 1 || inputs.length > EMIT_BATCH_MAX_EVENTS) {
    throw new ShellError('VALIDATION_BLOCKING', `a batch of ${inputs.length} events`, {
      userMessage: `A batch carries 1 to ${EMIT_BATCH_MAX_EVENTS} events.`,
      details: { field: 'events', max_items: EMIT_BATCH_MAX_EVENTS, items: inputs.length },
    });
  }
  const events = inputs.map((input) => ({ ...input, producer }));
  const { predictedKey } = options;
  if (producer.kind === 'module' && predictedKey !== undefined) {
    const results = await emitWithPredictedKey(db, producer, events, predictedKey);
    if (results !== null) return results;
  }
  const lanes: string[] = [];
  const run = async (tx: Tx, storeAsService: <T>(fn: () => Promise<T>) => Promise<T>) => {
    // Each payload's JSON text, as its check made it: stored as it is.
    const payloads = new Array<string>(events.length);
    for (const [index, input] of events.entries()) {
      payloads[index] = await atIndex(index, () => checkEmit(tx, input));
    }
    const rows = await storeAsService(() => storeEvents(tx, sourceOf(producer), events, payloads));
    const results = new Array<EmitEventResult>(events.length);
    for (const row of rows) {
      const index = row.ord - 1;
      lanes.push(...row.lanes);
      results[index] = await atIndex(index, () => toResult(row, events[index] as EmitEventInput));
    }
    return results;
  };
  const reason = `emit a batch of ${events.length} events`;
  const results =
    producer.kind === 'user'
      ? await db.withWorkspace(producer.actor, (tx) =>
          run(tx, (fn) => asServiceRole(tx, reason, fn)),
        )
      : await db.withService(reason, (tx) => run(tx, (fn) => fn()));
  announceLanes(db, [...new Set(lanes)]);
  return results;
}

/**
 * Stores checked `events` with one call of `shell.emit_events` (migration 054), in `tx` running
 * as service_role: each (workspace, stream) lock taken once, in one global order (two batches
 * naming the same streams in other orders never deadlock), each stream's new events numbered
 * consecutively in request order, no NOTIFY (the caller announces the lanes after its commit).
 * One answer per event, `ord` its 1-based position.
 */
async function storeEvents(
  tx: Tx,
  source: string,
  events: readonly EmitEventInput[],
  payloads: readonly string[],
): Promise<(StoredEvent & { ord: number })[]> {
  const { rows } = await tx.query<StoredEvent & { ord: number }>(
    `select * from shell.emit_events($1::uuid[], $2, $3::text[], $4::text[], $5::text[]::jsonb[],
                                     $6::text[], $7::text[], false)`,
    [
      events.map((event) => event.workspaceId),
      source,
      events.map((event) => event.eventName),
      events.map((event) => event.stream ?? DEFAULT_EVENT_STREAM),
      payloads,
      events.map((event) => event.correlationId),
      events.map((event) => event.idempotencyKey),
    ],
  );
  if (rows.length !== events.length) {
    throw new Error(`shell.emit_events answered ${rows.length} rows for ${events.length} events`);
  }
  return rows;
}

const EMIT_MODULE_EVENTS_FUNCTION = 'shell.emit_module_events';

/** How `shell.emit_module_events` refuses a batch reusing a key for another event (060). */
const REUSED_KEY = { code: '23505', constraint: 'events_workspace_id_source_idempotency_key_key' };

interface VerifiedStoredEvents extends StoredEvent {
  ord: number;
  stale: boolean;
}

/**
 * A module's batch with a predicted principal (`emitEvents`' `predictedKey`): each event checked
 * as the transaction's path checks it (the registry read only on its version's first emit),
 * then one call of `shell.emit_module_events` (migration 060). Answers null when the statement
 * refused a reused key (nothing stored, the key verified): the caller emits the way it does
 * without a prediction.
 */
async function emitWithPredictedKey(
  db: Db,
  producer: Extract<EventProducer, { kind: 'module' }>,
  events: readonly EmitEventInput[],
  key: PredictedModuleKey,
): Promise<EmitEventResult[] | null> {
  const { installation } = producer;
  const registry = registryOf(db);
  const payloads = new Array<string>(events.length);
  for (const [index, input] of events.entries()) {
    payloads[index] = await atIndex(index, () => checkModuleEmit(registry, input, installation));
  }
  let rows: VerifiedStoredEvents[];
  try {
    rows = await db.callService<VerifiedStoredEvents>(
      `emit a batch of ${events.length} events with a module key`,
      EMIT_MODULE_EVENTS_FUNCTION,
      [
        key.secretHash,
        installation.installationId,
        installation.moduleVersion,
        // Every event's (checkModuleEmit refused any other workspace).
        installation.workspaceId,
        sourceOf(producer),
        events.map((event) => event.eventName),
        events.map((event) => event.stream ?? DEFAULT_EVENT_STREAM),
        payloads,
        events.map((event) => event.correlationId),
        events.map((event) => event.idempotencyKey),
        false,
      ],
    );
  } catch (error) {
    const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
    if (code !== REUSED_KEY.code || constraint !== REUSED_KEY.constraint) throw error;
    key.verified = true;
    return null;
  }
  if (rows[0]?.stale !== false) throw new StaleModuleKeyError();
  key.verified = true;
  if (rows.length !== events.length) {
    throw new Error(
      `shell.emit_module_events answered ${rows.length} rows for ${events.length} events`,
    );
  }
  const results = new Array<EmitEventResult>(events.length);
  for (const row of rows) {
    const index = row.ord - 1;
    results[index] = await atIndex(index, () => toResult(row, events[index] as EmitEventInput));
  }
  announceLanes(db, [...new Set(rows.flatMap((row) => row.lanes))]);
  return results;
}

/** `step`'s outcome; a refusal (`ShellError`) gains `details.index`, the event it is about. */
async function atIndex<T>(index: number, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!isShellError(error)) throw error;
    throw new ShellError(error.code, `event ${index}: ${error.message}`, {
      userMessage: error.userMessage,
      details: { ...error.details, index },
      status: error.status,
      cause: error,
    });
  }
}
