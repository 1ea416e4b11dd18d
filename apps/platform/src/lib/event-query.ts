import {
  correlationIdSchema,
  EVENT_SUMMARY_STATES,
  eventNameSchema,
  eventStreamSchema,
  type EventSummaryState,
} from '@aiconnected/sdk-contracts';

/** The events monitor's filters as the page's address carries them (`/events?event_name=`). */
export interface EventFilters {
  event_name: string;
  stream: string;
  correlation_id: string;
  /** One of `EVENT_SUMMARY_STATES`, or '' for any. */
  state: EventSummaryState | '';
}

/** The filters of a search-params object (trimmed; an unknown state is dropped). */
export function readEventFilters(
  params: Record<string, string | string[] | undefined>,
): EventFilters {
  const one = (name: string) => {
    const value = params[name];
    return typeof value === 'string' ? value.trim() : '';
  };
  const state = one('state');
  return {
    event_name: one('event_name'),
    stream: one('stream'),
    correlation_id: one('correlation_id'),
    state: (EVENT_SUMMARY_STATES as readonly string[]).includes(state)
      ? (state as EventSummaryState)
      : '',
  };
}

/** Whether any filter is set (an empty list then says "nothing matches", not "no events"). */
export const hasEventFilters = (filters: EventFilters): boolean =>
  Object.values(filters).some((value) => value !== '');

/**
 * What is wrong with the filters, per field, for the form (the API would refuse them); empty
 * when nothing is.
 */
export function eventFilterProblems(
  filters: EventFilters,
): Partial<Record<keyof EventFilters, string>> {
  const problems: Partial<Record<keyof EventFilters, string>> = {};
  if (filters.event_name && !eventNameSchema.safeParse(filters.event_name).success) {
    problems.event_name =
      'An event name is dot-separated lower-case words, e.g. notes.note.created.';
  }
  if (filters.stream && !eventStreamSchema.safeParse(filters.stream).success) {
    problems.stream = 'A stream has at most 200 characters.';
  }
  if (filters.correlation_id && !correlationIdSchema.safeParse(filters.correlation_id).success) {
    problems.correlation_id = 'A correlation id has 1-128 of A-Z a-z 0-9 . _ : -';
  }
  return problems;
}

/** The `GET /api/events` query string of a workspace's filters (without a cursor). */
export function eventListQuery(workspaceId: string, filters: EventFilters, limit: number): string {
  const query = new URLSearchParams({ workspace_id: workspaceId, limit: String(limit) });
  for (const name of ['event_name', 'stream', 'correlation_id', 'state'] as const) {
    if (filters[name]) query.set(name, filters[name]);
  }
  return query.toString();
}
