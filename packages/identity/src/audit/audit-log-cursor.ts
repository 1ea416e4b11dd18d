import { ShellError } from '@aiconnected/sdk-contracts';

/** The keyset position after the last item of a page: (created_at, id), newest first. */
export interface AuditLogCursor {
  /** `created_at` with microseconds, as Postgres stores it (a JS Date would lose them). */
  createdAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** The opaque `next_cursor` string of a position (base64url JSON). */
export function encodeAuditLogCursor(cursor: AuditLogCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt, i: cursor.id })).toString('base64url');
}

/** The position a `cursor` query value names; `VALIDATION_BLOCKING` when it is not one we issued. */
export function decodeAuditLogCursor(value: string): AuditLogCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 't' in parsed && 'i' in parsed) {
      const { t, i } = parsed;
      if (typeof t === 'string' && TIMESTAMP.test(t) && typeof i === 'string' && UUID.test(i)) {
        return { createdAt: t, id: i };
      }
    }
  } catch {
    // Not base64url JSON: answered below like any other foreign value.
  }
  throw new ShellError('VALIDATION_BLOCKING', 'audit log cursor is malformed', {
    details: {
      issues: [{ path: 'query.cursor', message: 'Not a cursor returned by this endpoint' }],
    },
  });
}
