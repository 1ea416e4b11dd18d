import { describe, expect, it } from 'vitest';
import {
  eventFilterProblems,
  eventListQuery,
  hasEventFilters,
  readEventFilters,
} from '@/lib/event-query';
import { replayProblem, replayRequestOf } from '@/components/events/replay-request';

const WORKSPACE = '00000000-0000-4000-8000-000000000001';

describe('events monitor filters (the page address -> GET /api/events)', () => {
  it('reads trimmed filters, drops an unknown state and repeated parameters', () => {
    expect(
      readEventFilters({
        event_name: ' notes.note.created ',
        stream: 'orders',
        correlation_id: ['a', 'b'],
        state: 'exploded',
      }),
    ).toStrictEqual({
      event_name: 'notes.note.created',
      stream: 'orders',
      correlation_id: '',
      state: '',
    });
    expect(readEventFilters({ state: 'dead_letter' }).state).toBe('dead_letter');
    expect(hasEventFilters(readEventFilters({}))).toBe(false);
    expect(hasEventFilters(readEventFilters({ stream: 'x' }))).toBe(true);
  });

  it('says per field what the API would refuse, and nothing for valid filters', () => {
    const filters = readEventFilters({
      event_name: 'Notes Created',
      stream: 'x'.repeat(201),
      correlation_id: 'has space',
    });
    expect(eventFilterProblems(filters)).toStrictEqual({
      event_name: 'An event name is dot-separated lower-case words, e.g. notes.note.created.',
      stream: 'A stream has at most 200 characters.',
      correlation_id: 'A correlation id has 1-128 of A-Z a-z 0-9 . _ : -',
    });
    expect(
      eventFilterProblems(
        readEventFilters({
          event_name: 'module.enabled',
          stream: 'modules/hello',
          correlation_id: 'req-1:2',
        }),
      ),
    ).toStrictEqual({});
  });

  it('builds the query of the set filters for the picked workspace', () => {
    expect(
      eventListQuery(
        WORKSPACE,
        readEventFilters({ event_name: 'module.enabled', state: 'delivered' }),
        50,
      ),
    ).toBe(`workspace_id=${WORKSPACE}&limit=50&event_name=module.enabled&state=delivered`);
  });
});

describe('replay dialog request', () => {
  const draft = { by: 'stream', module_key: '', stream: '', from: '', to: '' } as const;

  it('asks for a stream, or a range whose start comes first', () => {
    expect(replayProblem(draft)).toBe('Name the stream to replay, e.g. default.');
    expect(replayProblem({ ...draft, stream: '  orders ' })).toBeNull();
    expect(replayProblem({ ...draft, by: 'range' })).toBe(
      'Give the start or the end of the range.',
    );
    expect(
      replayProblem({ ...draft, by: 'range', from: '2026-12-07T10:00', to: '2026-12-07T09:00' }),
    ).toBe('The start must come before the end.');
    expect(replayProblem({ ...draft, by: 'range', from: '2026-12-07T10:00' })).toBeNull();
  });

  it('sends the stream, or the range read as UTC, and the module when one is picked', () => {
    expect(replayRequestOf(WORKSPACE, { ...draft, stream: ' orders ' })).toStrictEqual({
      workspace_id: WORKSPACE,
      stream: 'orders',
    });
    expect(
      replayRequestOf(WORKSPACE, {
        ...draft,
        by: 'range',
        stream: 'ignored',
        module_key: 'hello',
        from: '2026-12-07T10:00',
        to: '2026-12-07T11:30',
      }),
    ).toStrictEqual({
      workspace_id: WORKSPACE,
      module_key: 'hello',
      from: '2026-12-07T10:00:00Z',
      to: '2026-12-07T11:30:00Z',
    });
  });
});
