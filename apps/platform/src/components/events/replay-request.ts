import type { ReplayRequest } from '@aiconnected/sdk-contracts';

/** The replay dialog's fields: a stream, or a range of `datetime-local` values read as UTC. */
export interface ReplayDraft {
  by: 'stream' | 'range';
  /** '' for every subscriber. */
  module_key: string;
  stream: string;
  /** `YYYY-MM-DDTHH:mm` (UTC) or ''. */
  from: string;
  to: string;
}

/** A `datetime-local` value as the RFC 3339 instant it names in UTC. */
const utc = (local: string) => new Date(`${local}:00Z`).toISOString().replace('.000Z', 'Z');

/** What to fix before the replay is sent; null when it can go. */
export function replayProblem(draft: ReplayDraft): string | null {
  if (draft.by === 'stream') {
    const stream = draft.stream.trim();
    if (stream === '') return 'Name the stream to replay, e.g. default.';
    return stream.length > 200 ? 'A stream has at most 200 characters.' : null;
  }
  if (draft.from === '' && draft.to === '') return 'Give the start or the end of the range.';
  const bad = [draft.from, draft.to].some(
    (value) => value !== '' && Number.isNaN(Date.parse(`${value}:00Z`)),
  );
  if (bad) return 'Give the times as a date and a time.';
  if (draft.from !== '' && draft.to !== '' && draft.from >= draft.to)
    return 'The start must come before the end.';
  return null;
}

/** The `POST /api/events/replay` body of a checked draft. */
export function replayRequestOf(workspaceId: string, draft: ReplayDraft): ReplayRequest {
  return {
    workspace_id: workspaceId,
    ...(draft.module_key ? { module_key: draft.module_key } : {}),
    ...(draft.by === 'stream'
      ? { stream: draft.stream.trim() }
      : {
          ...(draft.from ? { from: utc(draft.from) } : {}),
          ...(draft.to ? { to: utc(draft.to) } : {}),
        }),
  };
}
