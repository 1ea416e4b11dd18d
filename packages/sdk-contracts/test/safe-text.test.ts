import { describe, expect, it } from 'vitest';
import { safeText, textProblem } from '../src';

describe('textProblem', () => {
  it('accepts names and reasons in any script, with emoji, joiners and marks', () => {
    for (const text of [
      'Northwind Dental',
      'Zoë’s Café',
      'عربي',
      '東京',
      '👩‍💻 team',
      'e\u0301',
      'a\u00a0b',
    ]) {
      expect(textProblem(text), JSON.stringify(text)).toBeNull();
    }
  });

  it('names the first problem: control characters, lone surrogates, nothing visible', () => {
    expect(textProblem('a\u0000b')).toBe('control_character');
    expect(textProblem('line\nbreak')).toBe('control_character');
    expect(textProblem('tab\there')).toBe('control_character');
    expect(textProblem('c1\u0085')).toBe('control_character');
    expect(textProblem('x\ud800')).toBe('lone_surrogate');
    expect(textProblem('\udc00x')).toBe('lone_surrogate');
    expect(textProblem('')).toBe('not_visible');
    expect(textProblem('   ')).toBe('not_visible');
    expect(textProblem('\u200b\u200b\u200b\u200b')).toBe('not_visible');
    expect(textProblem('\u200d\u2060\ufeff\u3164')).toBe('not_visible');
  });

  it('refuses the bidirectional embeddings, overrides and isolates that reorder what follows', () => {
    // "Trojan Source": a name that shows one thing and is another, here and in the audit log.
    for (const control of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e']) {
      expect(textProblem(`Invoice ${control}fdp.exe`), JSON.stringify(control)).toBe(
        'control_character',
      );
    }
    for (const isolate of ['\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(textProblem(`a${isolate}b`), JSON.stringify(isolate)).toBe('control_character');
    }
    // The marks mixed-direction text needs stay allowed.
    expect(textProblem('Dental \u200fعربي\u200e')).toBeNull();
    expect(textProblem('a\u061cb')).toBeNull();
  });
});

describe('safeText', () => {
  it('trims, limits the length and refuses text problems with a message', () => {
    expect(safeText(10).parse('  Acme  ')).toBe('Acme');
    expect(safeText(3).safeParse('Acme').success).toBe(false);
    const refused = safeText(10).safeParse('\u200b\u200b');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.message)).toStrictEqual([
      'Must contain visible characters',
    ]);
    expect(safeText(10).safeParse('a\u0000').error?.issues[0]?.message).toBe(
      'Must not contain control characters',
    );
  });
});
