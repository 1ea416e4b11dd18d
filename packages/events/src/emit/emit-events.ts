import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import type { StoredEvent } from '@aiconnected/modules';
import { EMIT_BATCH_MAX_EVENTS, isShellError, ShellError } from '@aiconnected/sdk-contracts';
import { announceLanes } from '../delivery/lane-announcements';
import { sourceOf, type EventProducer } from '../producer';
import { checkEmit } from './check-emit';
import { toResult } from './emit-event';
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
 */
export async function emitEvents(
  db: Db,
  producer: EventProducer,
  inputs: readonly EmitBatchInput[],
): Promise<EmitEventResult[]> {
  if (inputs.length < 1 || inputs.length > EMIT_BATCH_MAX_EVENTS) {
    throw new ShellError('VALIDATION_BLOCKING', `a batch of ${inputs.length} events`, {
      userMessage: `A batch carries 1 to ${EMIT_BATCH_MAX_EVENTS} events.`,
      details: { field: 'events', max_items: EMIT_BATCH_MAX_EVENTS, items: inputs.length },
    });
  }
  const events = inputs.map((input) => ({ ...input, producer }));
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
