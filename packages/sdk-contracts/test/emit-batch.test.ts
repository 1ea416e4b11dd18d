import { describe, expect, it } from 'vitest';
import { EMIT_BATCH_MAX_EVENTS, emitEventsRequestSchema } from '@aiconnected/sdk-contracts';
import { WORKSPACE_ID } from './fixtures';

// POST /events/batch's request (docs/events.md "Batch emit"): 1 to 100 strict events.

const event = (index: number) => ({
  event_name: 'notes.note.created',
  payload: { index },
  idempotency_key: `k-${index}`,
});
const batchOf = (count: number) => Array.from({ length: count }, (_, index) => event(index));

describe('emitEventsRequestSchema', () => {
  it('takes 1 to 100 events, each defaulting its stream, and one workspace for all', () => {
    expect(EMIT_BATCH_MAX_EVENTS).toBe(100);
    const parsed = emitEventsRequestSchema.parse({
      events: batchOf(100),
      workspace_id: WORKSPACE_ID,
    });
    expect(parsed.events).toHaveLength(100);
    expect(parsed.events[0]).toStrictEqual({ ...event(0), stream: 'default' });
    expect(emitEventsRequestSchema.parse({ events: batchOf(1) }).workspace_id).toBeUndefined();
  });

  it('refuses 0 or 101 events, an unknown key in an event or the body, a per-event workspace', () => {
    for (const bad of [
      { events: [] },
      { events: batchOf(101) },
      { events: [{ ...event(0), surprise: 1 }] },
      { events: [{ ...event(0), workspace_id: WORKSPACE_ID }] },
      { events: batchOf(1), surprise: 1 },
      { events: event(0) },
      {},
    ]) {
      expect(emitEventsRequestSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(
        false,
      );
    }
  });
});
