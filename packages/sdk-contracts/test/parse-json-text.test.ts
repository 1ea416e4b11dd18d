import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstJsonError, parseJsonText } from '../src/common/parse-json-text';

describe('parseJsonText: pasted JSON and where it breaks', () => {
  it('returns the value of valid JSON', () => {
    expect(
      parseJsonText(' {"id": "hello", "n": [1, -2.5e3, true, null, "\\u00e9"]}\n'),
    ).toStrictEqual({
      ok: true,
      value: { id: 'hello', n: [1, -2500, true, null, 'é'] },
    });
  });

  it('names the line and column of the first character that cannot be there', () => {
    const cases: [string, number, number, string][] = [
      ['{"a":}', 1, 6, '"}"'],
      ['{\n  "a": 1,\n}', 3, 1, '"}"'],
      ['{"a": tru}', 1, 7, '"t"'],
      ['{"a": 1} x', 1, 10, '"x"'],
      ['{"a": 01}', 1, 8, '"1"'],
      ['{"a": "x\ny"}', 1, 9, '"\\n"'],
      ['{"a": "\\q"}', 1, 9, '"q"'],
      ['[1 2]', 1, 4, '"2"'],
      ["{'a': 1}", 1, 2, `"'"`],
      ['{"a": "x\u0001y"}', 1, 9, '"\\u0001"'],
      ['{"a": "ok\\u12g4"}', 1, 11, '"u"'],
      ['{"a": 1 /* no */}', 1, 9, '"/"'],
      ['[1, 2,]', 1, 7, '"]"'],
    ];
    expect(
      cases.map(([text]) => {
        const result = parseJsonText(text);
        return result.ok ? null : [result.line, result.column, result.message];
      }),
    ).toStrictEqual(
      cases.map(([, line, column, found]) => [
        line,
        column,
        `Not valid JSON at line ${line}, column ${column}: unexpected ${found}.`,
      ]),
    );
  });

  it('points after the last character when the text stops early', () => {
    expect(parseJsonText('{\n  "a": [1,')).toStrictEqual({
      ok: false,
      message: 'Not valid JSON: the text ends too early (line 2, column 11).',
      line: 2,
      column: 11,
    });
    expect(parseJsonText('')).toMatchObject({ ok: false, line: 1, column: 1 });
    expect(parseJsonText('"abc')).toMatchObject({ ok: false, line: 1, column: 5 });
  });

  it('answers, without throwing, for a text nested deeper than any parser recurses', () => {
    expect(parseJsonText('['.repeat(200_000))).toMatchObject({ ok: false, line: 1 });
  });

  it('agrees with JSON.parse on what is valid', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(firstJsonError(text) === null).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});
