import { describe, expect, it } from 'vitest';
import { decodePageCursor, encodePageCursor, PAGE_LIMIT, toPage } from '@aiconnected/access';

const ID = '0b5c2f7e-8a41-4c1e-9d0a-3f6b1e2d4c5a';
const AT = '2026-03-01T10:00:00.123456Z';

describe('page cursors', () => {
  it('decode what they encode, for the list they were issued by', () => {
    const cursor = encodePageCursor('things', [AT, ID]);
    expect(decodePageCursor('things', cursor, ['timestamp', 'uuid'])).toStrictEqual([AT, ID]);
  });

  it("refuse another list's cursor, tampered values and garbage with VALIDATION_BLOCKING", () => {
    const foreign = encodePageCursor('others', [AT, ID]);
    const tampered = encodePageCursor('things', [AT, 'not-a-uuid']);
    const short = encodePageCursor('things', [AT]);
    for (const value of [foreign, tampered, short, 'garbage', '']) {
      expect(() => decodePageCursor('things', value, ['timestamp', 'uuid'])).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_BLOCKING',
          details: {
            issues: [{ path: 'query.cursor', message: 'Not a cursor returned by this endpoint' }],
          },
        }),
      );
    }
  });

  it('refuse timestamps of the right shape that name no real instant (Postgres would refuse them)', () => {
    for (const at of [
      '2026-13-45T99:99:99Z',
      '2026-02-30T10:00:00Z',
      '2026-03-01T25:00:00Z',
      '2026-03-01T10:60:00.5Z',
      '0000-01-01T00:00:00Z',
    ]) {
      expect(() =>
        decodePageCursor('things', encodePageCursor('things', [at, ID]), ['timestamp', 'uuid']),
      ).toThrow(expect.objectContaining({ code: 'VALIDATION_BLOCKING' }));
    }
    const leap = '2028-02-29T23:59:59.999999Z';
    expect(
      decodePageCursor('things', encodePageCursor('things', [leap, ID]), ['timestamp', 'uuid']),
    ).toStrictEqual([leap, ID]);
  });

  it('refuse NUL and lone surrogates in text values', () => {
    for (const text of ['a\u0000b', '\ud800']) {
      expect(() =>
        decodePageCursor('things', encodePageCursor('things', [text]), ['text']),
      ).toThrow(expect.objectContaining({ code: 'VALIDATION_BLOCKING' }));
    }
    expect(decodePageCursor('things', encodePageCursor('things', ['é x']), ['text'])).toStrictEqual(
      ['é x'],
    );
  });

  it('page `limit` items of `limit + 1` rows, with a cursor only when more follow', () => {
    const rows = [1, 2, 3];
    const page = (limit: number) =>
      toPage(
        rows,
        limit,
        (row) => `item ${row}`,
        (row) => `after ${row}`,
      );
    expect(page(2)).toStrictEqual({ items: ['item 1', 'item 2'], next_cursor: 'after 2' });
    expect(page(3)).toStrictEqual({ items: ['item 1', 'item 2', 'item 3'], next_cursor: null });
  });

  it('bound the page size every list endpoint accepts', () => {
    expect(PAGE_LIMIT).toStrictEqual({ default: 50, max: 200 });
  });
});
