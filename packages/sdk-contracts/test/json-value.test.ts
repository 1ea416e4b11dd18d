import { describe, expect, it } from 'vitest';
import { JSON_MAX_DEPTH, jsonObjectSchema, jsonValueSchema } from '@aiconnected/sdk-contracts';

function nested(depth: number): unknown {
  // `depth` levels of arrays, built without recursion: [[[ ... ]]]
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

function issuesOf(result: { success: boolean; error?: { issues: unknown[] } }) {
  return (result.error?.issues ?? []).map((issue) => {
    const { code, path, message } = issue as { code: string; path: unknown[]; message: string };
    return { code, path, message };
  });
}

describe('jsonValueSchema / jsonObjectSchema: what Postgres jsonb can store', () => {
  it('accepts ordinary JSON, control characters other than NUL and paired surrogates', () => {
    const value = { a: ['x\ty\n', 1, true, null, { '\u{1F600}': 'é \u{1F600}' }], b: {} };
    expect(jsonValueSchema.parse(value)).toStrictEqual(value);
    expect(jsonObjectSchema.parse(value)).toStrictEqual(value);
  });

  it('refuses NUL and lone surrogates in strings and keys, at their path', () => {
    expect(issuesOf(jsonObjectSchema.safeParse({ a: 'x\u0000y' }))).toStrictEqual([
      { code: 'custom', path: ['a'], message: 'Must not contain the NUL character (\\u0000)' },
    ]);
    expect(issuesOf(jsonValueSchema.safeParse({ list: [1, { b: '\ud800' }] }))).toStrictEqual([
      { code: 'custom', path: ['list', 1, 'b'], message: 'Must be valid Unicode text' },
    ]);
    expect(issuesOf(jsonObjectSchema.safeParse({ ok: { 'k\u0000': 1 } }))).toStrictEqual([
      {
        code: 'custom',
        path: ['ok', 'k\u0000'],
        message: 'Key: Must not contain the NUL character (\\u0000)',
      },
    ]);
    expect(issuesOf(jsonValueSchema.safeParse('\udc00 alone'))).toStrictEqual([
      { code: 'custom', path: [], message: 'Must be valid Unicode text' },
    ]);
  });

  it(`accepts ${JSON_MAX_DEPTH} levels, refuses one more at the deepest path`, () => {
    expect(jsonValueSchema.safeParse(nested(JSON_MAX_DEPTH)).success).toBe(true);
    expect(issuesOf(jsonValueSchema.safeParse(nested(JSON_MAX_DEPTH + 1)))).toStrictEqual([
      {
        code: 'custom',
        path: Array.from({ length: JSON_MAX_DEPTH }, () => 0),
        message: 'Must not nest arrays and objects deeper than 64 levels',
      },
    ]);
  });

  it('answers an issue, never a stack overflow, for 200 000 levels', () => {
    const result = jsonObjectSchema.safeParse({ a: nested(200_000) });
    expect(result.success).toBe(false);
    expect(issuesOf(result)[0]?.message).toBe(
      'Must not nest arrays and objects deeper than 64 levels',
    );
  });
});
