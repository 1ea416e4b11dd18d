import { ShellError } from '@aiconnected/sdk-contracts';

/** What one position value must look like: a uuid, a timestamp with microseconds, any text. */
export type CursorValueKind = 'uuid' | 'timestamp' | 'text' | 'integer';

const PATTERNS: Record<CursorValueKind, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  timestamp: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/,
  text: /^[^\0\p{Cs}]{0,1000}$/u,
  integer: /^-?\d{1,9}$/,
};

/**
 * Whether a timestamp of the right shape names a real instant Postgres accepts: the date and
 * time exist (not month 13, February 30 or 25:00) and the year is 1 or later. A cursor is
 * client input; Postgres refusing the value would be a 500.
 */
function isRealTimestamp(value: string): boolean {
  const parsed = Date.parse(value);
  return (
    !Number.isNaN(parsed) &&
    !value.startsWith('0000') &&
    new Date(parsed).toISOString().slice(0, 19) === value.slice(0, 19)
  );
}

function isValueOf(kind: CursorValueKind, item: unknown): item is string {
  return (
    typeof item === 'string' &&
    PATTERNS[kind].test(item) &&
    (kind !== 'timestamp' || isRealTimestamp(item))
  );
}

/** The page sizes every list endpoint accepts: `limit` from 1 to 200, 50 by default. */
export const PAGE_LIMIT = { default: 50, max: 200 } as const;

/**
 * The opaque `next_cursor` of a keyset position: base64url JSON naming the list it belongs to
 * (`list`), so a cursor of another list is refused, and the sort key values of the last item.
 */
export function encodePageCursor(list: string, values: readonly string[]): string {
  return Buffer.from(JSON.stringify({ l: list, v: values })).toString('base64url');
}

/**
 * The sort key values a `cursor` query value names, checked against `kinds`;
 * `VALIDATION_BLOCKING` when it is not a cursor this list issued (malformed, tampered, or
 * another list's).
 */
export function decodePageCursor(
  list: string,
  value: string,
  kinds: readonly CursorValueKind[],
): string[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'l' in parsed && 'v' in parsed) {
      const { l, v } = parsed;
      if (
        l === list &&
        Array.isArray(v) &&
        v.length === kinds.length &&
        v.every((item, i) => isValueOf(kinds[i] ?? 'uuid', item))
      ) {
        return v;
      }
    }
  } catch {
    // Not base64url JSON: answered below like any other foreign value.
  }
  throw new ShellError('VALIDATION_BLOCKING', `${list} cursor is malformed`, {
    details: {
      issues: [{ path: 'query.cursor', message: 'Not a cursor returned by this endpoint' }],
    },
  });
}

/** A page of `limit` items out of `rows` (read with `limit + 1`) and the cursor after it. */
export function toPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorOf: (row: Row) => string,
): { items: Item[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    next_cursor: rows.length > limit && last !== undefined ? cursorOf(last) : null,
  };
}
