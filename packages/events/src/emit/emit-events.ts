import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import { storeEvent } from '@aiconnected/modules';
import { EMIT_BATCH_MAX_EVENTS, isShellError, ShellError } from '@aiconnected/sdk-contracts';
import { announceLanes } from '../delivery/lane-announcements';
import type { EventProducer } from '../producer';
import { checkEmit } from './check-emit';
import { toResult, toStoreInput } from './emit-event';
import { DEFAULT_EVENT_STREAM, type EmitEventInput, type EmitEventResult } from './emit-types';

/** One event of a batch: an `EmitEventInput` without its producer (the batch's). */
export type EmitBatchInput = Omit<EmitEventInput, 'producer'>;

/**
 * Emits 1 to 100 events in ONE transaction, all or none (`POST /events/batch`; docs/events.md
 * "Batch emit"): each checked as `emitEvent` checks it (`checkEmit`), in request order, then
 * each stored by `shell.emit_event` as the service, stream by stream (`storeOrder`: one
 * stream's events in request order, so they get consecutive sequences); the answers are in
 * request order; the lanes are announced once, after the commit. The first refused event rolls
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
  const lanes = new Set<string>();
  const run = async (tx: Tx, storeAsService: <T>(fn: () => Promise<T>) => Promise<T>) => {
    // Each payload's JSON text, as its check made it: stored as it is.
    const payloads = new Array<string>(events.length);
    for (const [index, input] of events.entries()) {
      payloads[index] = await atIndex(index, () => checkEmit(tx, input));
    }
    return storeAsService(async () => {
      const results = new Array<EmitEventResult>(events.length);
      for (const index of storeOrder(events)) {
        const input = events[index] as EmitEventInput;
        const stored = await storeEvent(tx, toStoreInput(input, payloads[index] as string), false);
        for (const lane of stored.lanes) lanes.add(lane);
        results[index] = await atIndex(index, () => toResult(stored, input));
      }
      return results;
    });
  };
  const reason = `emit a batch of ${events.length} events`;
  const results =
    producer.kind === 'user'
      ? await db.withWorkspace(producer.actor, (tx) =>
          run(tx, (fn) => asServiceRole(tx, reason, fn)),
        )
      : await db.withService(reason, (tx) => run(tx, (fn) => fn()));
  announceLanes(db, [...lanes]);
  return results;
}

/**
 * The order events are stored in: stream by stream, streams sorted by (workspace, stream), each
 * stream's events in request order (a stable sort). Each stream's first event takes its
 * (workspace, stream) sequence lock until the commit (migration 007); taking the locks in one
 * global order means two batches naming the same streams in other orders never deadlock.
 */
function storeOrder(events: readonly EmitEventInput[]): number[] {
  const keyOf = (index: number) => {
    const event = events[index] as EmitEventInput;
    return `${event.workspaceId}\u0000${event.stream ?? DEFAULT_EVENT_STREAM}`;
  };
  return events
    .map((_, index) => index)
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
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
