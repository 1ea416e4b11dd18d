import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalColor,
  normalizeColor,
  normalizeTokenValue,
  parseThemeOverlay,
  themeOverlaySchema,
} from '../src';

describe('normalizeTokenValue: colours become HSL channels', () => {
  it.each([
    ['#1d4ed8', '224.3 76.3% 48%'],
    ['#FFF', '0 0% 100%'],
    ['rgb(29 78 216)', '224.3 76.3% 48%'],
    ['rgb(29, 78, 216)', '224.3 76.3% 48%'],
    ['hsl(224.3 76.3% 48%)', '224.3 76.3% 48%'],
    ['hsl(224.3deg, 76.3%, 48%)', '224.3 76.3% 48%'],
    ['224.3 76.3% 48%', '224.3 76.3% 48%'],
    ['222.2 47.4% 11.2%', '222.2 47.4% 11.2%'],
    ['oklch(0.5 0.2 260)', expect.stringMatching(/^\d+(\.\d)? \d+(\.\d)?% \d+(\.\d)?%$/)],
    ['oklab(0.5 0.01 -0.1)', expect.stringMatching(/^\d+(\.\d)? \d+(\.\d)?% \d+(\.\d)?%$/)],
    ['rebeccapurple', '270 50% 40%'],
    ['  red  ', '0 100% 50%'],
    ['-30 50% 50%', '330 50% 50%'],
    ['oklch(1 0.4 100)', expect.stringMatching(/^[\d.]+ 100% [\d.]+%$/)], // out of sRGB: clamped
  ])('%s -> %s', (input, expected) => {
    expect(normalizeTokenValue('primary', input)).toEqual({ ok: true, value: expected });
  });

  it('is idempotent', () => {
    for (const input of ['#1d4ed8', 'oklch(0.62 0.19 33)', 'hsl(12.345 67.89% 45.678%)', 'teal']) {
      const once = normalizeTokenValue('accent', input);
      if (!once.ok) throw new Error(once.message);
      expect(normalizeTokenValue('accent', once.value)).toEqual(once);
    }
  });

  it.each([
    'red;}body{display:none',
    'url(https://evil.example/x.png)',
    'var(--primary)',
    'expression(alert(1))',
    '#12345',
    '222 47 11',
    '',
    'red\u0000',
    'x'.repeat(5000),
    'A(0A', // culori's parser throws on it
  ])('refuses %j', (input) => {
    expect(normalizeTokenValue('primary', input)).toEqual({
      ok: false,
      message: expect.stringMatching(/^Must be /),
    });
  });

  it('refuses transparent colours with the reason', () => {
    expect(normalizeTokenValue('border', 'oklch(1 0 0 / 10%)')).toEqual({
      ok: false,
      message: 'Must be an opaque colour: theme colours are HSL channels without transparency',
    });
  });

  it.each([
    'hsl(1e400 50% 50%)',
    'hsl(none none none)',
    'hsl(120 none 50%)',
    'hsl(120 50% 50% / none)',
    'oklch(0.5 0.2 1e309)',
    'oklch(0.5 0 none)',
    'oklch(1e300 1e300 0)',
    'rgb(1e400 0 0)',
    'rgb(none 0 0)',
    'lab(none 0 0)',
    'hwb(none 0% 0%)',
    'color(srgb 1 none 0)',
  ])('refuses %j: a channel that is missing or not finite would be stored as NaN', (input) => {
    expect(normalizeColor(input)).toEqual({
      ok: false,
      message:
        'Must give every channel of the colour as a finite number (no `none`, no out-of-range exponents such as 1e400)',
    });
  });

  it('gives finite HSL channels for every colour it accepts (numbers of any size, any space)', () => {
    const number = fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer({ min: -1000, max: 1000 }),
      fc.constantFrom('none', '1e400', '-1e400', '1e309', '0', '100'),
    );
    const text = (n: number | string) => (typeof n === 'number' ? String(n) : n);
    const colour = fc
      .tuple(
        fc.constantFrom('hsl', 'hwb', 'rgb', 'lab', 'lch', 'oklab', 'oklch', 'color(srgb'),
        number,
        number,
        number,
        fc.option(number),
      )
      .map(([space, a, b, c, alpha]) => {
        const open = space.startsWith('color(') ? `${space} ` : `${space}(`;
        const tail = alpha === null ? '' : ` / ${text(alpha)}`;
        return `${open}${text(a)} ${text(b)} ${text(c)}${tail})`;
      });
    const channels = /^(\d+(?:\.\d)?) (\d+(?:\.\d)?)% (\d+(?:\.\d)?)%$/;
    fc.assert(
      fc.property(fc.oneof(colour, fc.string()), (input) => {
        const result = normalizeColor(input);
        if (!result.ok) return;
        const [, ...parts] = channels.exec(result.value) ?? [];
        expect(parts, `${input} -> ${result.value}`).toHaveLength(3);
        const [h, s, l] = parts.map(Number) as [number, number, number];
        expect([h, s, l].every(Number.isFinite)).toBe(true);
        expect(h).toBeLessThan(360);
        expect(Math.max(s, l)).toBeLessThanOrEqual(100);
      }),
      { numRuns: 2000 },
    );
  });

  it('normalColor is the normal form of a known colour and throws the reason for any other', () => {
    expect(normalColor('#1d4ed8')).toBe('224.3 76.3% 48%');
    expect(normalColor('rebeccapurple')).toBe(normalColor('#663399'));
    expect(() => normalColor('url(x)')).toThrow(/^Must be a CSS colour/);
    expect(() => normalColor('rgb(0 0 0 / 50%)')).toThrow(/^Must be an opaque colour/);
  });
});

describe('normalizeTokenValue: lengths, numbers and fonts', () => {
  it.each([
    ['radius', '0.75rem', '0.75rem'],
    ['radius', '12px', '12px'],
    ['radius', '0', '0rem'],
    ['radius', ' 1.50rem ', '1.5rem'],
    ['shadow-offset-y', '-4px', '-4px'],
    ['shadow-blur', '0', '0px'],
    ['letter-spacing', '0.025em', '0.025em'],
    ['spacing', '0.3rem', '0.3rem'],
    ['shadow-opacity', '0.18', '0.18'],
    ['shadow-opacity', '1', '1'],
    ['font-sans', 'Inter', 'Inter'],
    ['font-sans', 'inter', 'Inter'],
    ['font-sans', "'Inter Variable', sans-serif", 'Inter'],
    ['font-serif', 'Lora, serif', 'Lora'],
    ['font-mono', 'ui-monospace, monospace', 'System Mono'],
    ['site-font', 'sans-serif', 'System Sans'],
  ] as const)('%s %j -> %j', (token, input, expected) => {
    expect(normalizeTokenValue(token, input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['radius', '4rem', 'Must be between 0rem and 3rem'],
    ['radius', '10%', 'Must be a length from 0rem to 3rem, or 0px to 48px, or 0em to 3em'],
    [
      'radius',
      'calc(1rem + 1px)',
      'Must be a length from 0rem to 3rem, or 0px to 48px, or 0em to 3em',
    ],
    ['radius', '1', 'Must be a length from 0rem to 3rem, or 0px to 48px, or 0em to 3em'],
    ['letter-spacing', '1px', 'Must be a length from -0.1em to 0.25em'],
    ['shadow-blur', '-1px', 'Must be between 0px and 100px'],
    ['shadow-opacity', '1.5', 'Must be a number from 0 to 1'],
    ['shadow-opacity', '-0', 'Must be a number from 0 to 1'],
  ] as const)('%s %j -> %s', (token, input, message) => {
    expect(normalizeTokenValue(token, input)).toEqual({ ok: false, message });
  });

  it('refuses a font that is not self-hosted (it would be fetched from another origin)', () => {
    const result = normalizeTokenValue('font-sans', 'Comic Neue, sans-serif');
    expect(result).toEqual({ ok: false, message: expect.stringContaining('self-hosted') });
    expect(
      normalizeTokenValue('font-sans', "x'; } * { background: url(//evil) } .a{'"),
    ).toMatchObject({ ok: false });
  });
});

describe('themeOverlaySchema', () => {
  it('accepts an overlay and parseThemeOverlay returns its normal form', () => {
    const input = {
      light: { primary: '#1d4ed8', 'primary-foreground': 'white' },
      dark: { primary: 'hsl(224.3 76.3% 48%)' },
      shared: { radius: '12px', 'font-sans': 'inter' },
      locks: ['primary', 'font-sans'],
    };
    expect(themeOverlaySchema.safeParse(input).success).toBe(true);
    expect(parseThemeOverlay(input)).toEqual({
      success: true,
      overlay: {
        light: { primary: '224.3 76.3% 48%', 'primary-foreground': '0 0% 100%' },
        dark: { primary: '224.3 76.3% 48%' },
        shared: { radius: '12px', 'font-sans': 'Inter' },
        locks: ['primary', 'font-sans'],
      },
    });
  });

  it('accepts an empty overlay (inherit everything)', () => {
    expect(parseThemeOverlay({})).toEqual({ success: true, overlay: {} });
  });

  const issuesOf = (input: unknown) => {
    const result = themeOverlaySchema.safeParse(input);
    if (result.success) throw new Error('expected a failure');
    return result.error.issues.map((i) => ({ path: i.path, code: i.code, message: i.message }));
  };

  it('names the path and the reason of a bad value', () => {
    expect(issuesOf({ light: { primary: 'blurple' }, shared: { radius: '9rem' } })).toEqual([
      {
        path: ['light', 'primary'],
        code: 'custom',
        message: expect.stringMatching(/^Must be a CSS colour such as #1d4ed8/),
      },
      { path: ['shared', 'radius'], code: 'custom', message: 'Must be between 0rem and 3rem' },
    ]);
  });

  it('refuses unknown tokens, sections and locks, duplicate locks and non-strings', () => {
    expect(issuesOf({ light: { 'primary-hover': '#fff' } })).toEqual([
      {
        path: ['light'],
        code: 'unrecognized_keys',
        message: expect.stringContaining('primary-hover'),
      },
    ]);
    expect(issuesOf({ fonts: {} })[0]).toMatchObject({ path: [], code: 'unrecognized_keys' });
    expect(issuesOf({ shared: { primary: '#fff' } })[0]).toMatchObject({
      path: ['shared'],
      code: 'unrecognized_keys',
    });
    expect(issuesOf({ light: { radius: '1rem' } })[0]).toMatchObject({
      path: ['light'],
      code: 'unrecognized_keys',
    });
    expect(issuesOf({ locks: ['nope'] })[0]).toMatchObject({
      path: ['locks', 0],
      code: 'invalid_value',
    });
    expect(issuesOf({ locks: ['primary', 'primary'] })).toEqual([
      { path: ['locks'], code: 'custom', message: 'Must not name a token twice' },
    ]);
    expect(issuesOf({ light: { primary: 12 } })[0]).toMatchObject({
      path: ['light', 'primary'],
      code: 'invalid_type',
    });
    expect(issuesOf(null)[0]).toMatchObject({ path: [], code: 'invalid_type' });
    expect(issuesOf({ light: { primary: 'x'.repeat(100_000) } })[0]).toMatchObject({
      path: ['light', 'primary'],
      code: 'too_big',
    });
  });
});
