import { decodePageCursor, encodePageCursor } from '@aiconnected/access';

/** The keyset position after the last item of a page: (created_at, id), newest first. */
export interface AuditLogCursor {
  /** `created_at` with microseconds, as Postgres stores it (a JS Date would lose them). */
  createdAt: string;
  id: string;
}

/** The opaque `next_cursor` string of a position. */
export function encodeAuditLogCursor(cursor: AuditLogCursor): string {
  return encodePageCursor('audit-logs', [cursor.createdAt, cursor.id]);
}

/** The position a `cursor` query value names; `VALIDATION_BLOCKING` when it is not one we issued. */
export function decodeAuditLogCursor(value: string): AuditLogCursor {
  const [createdAt = '', id = ''] = decodePageCursor('audit-logs', value, ['timestamp', 'uuid']);
  return { createdAt, id };
}
