import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MODE_TOKENS,
  exportTweakcnCss,
  parseTweakcnCss,
  resolveTheme,
  themeDeclarations,
  themeToCss,
  themeValues,
} from '../src';

// A real TweakCN "Tailwind v3" export (trimmed to a few variables), and its v4 oklch twin.
const TWEAKCN_V3 = `@tailwind base;
@tailwind components;
@tailwind utilities;

@layer base {
  :root {
    --background: 0 0% 100%;
    --foreground: 222.2 84% 4.9%;
    --primary: 221.2 83.2% 53.3%;
    --primary-foreground: 210 40% 98%;
    --sidebar-background: 0 0% 98%;
    --font-sans: Inter, sans-serif;
    --font-serif: Lora, serif;
    --font-mono: JetBrains Mono, monospace;
    --radius: 0.75rem;
    --shadow-color: hsl(0 0% 0%);
    --shadow-opacity: 0.18;
    --shadow-blur: 4px;
    --shadow-spread: 0px;
    --shadow-offset-x: 0px;
    --shadow-offset-y: 2px;
    --shadow-x: 0px;
    --shadow-y: 2px;
    --shadow-sm: 0px 2px 4px 0px hsl(0 0% 0% / 0.18), 0px 1px 2px -1px hsl(0 0% 0% / 0.18);
    --tracking-normal: 0.01em;
    --spacing: 0.25rem;
  }

  .dark {
    --background: 222.2 84% 4.9%;
    --primary: 217.2 91.2% 59.8%;
    --radius: 0.75rem;
    --font-sans: Inter, sans-serif;
  }
}

@layer base {
  * {
    @apply border-border;
  }
}`;

describe('parseTweakcnCss', () => {
  it('reads a TweakCN Tailwind v3 export into a normal-form overlay', () => {
    expect(parseTweakcnCss(TWEAKCN_V3)).toEqual({
      overlay: {
        light: {
          background: '0 0% 100%',
          foreground: '222.2 84% 4.9%',
          primary: '221.2 83.2% 53.3%',
          'primary-foreground': '210 40% 98%',
          sidebar: '0 0% 98%',
          'shadow-color': '0 0% 0%',
        },
        dark: { background: '222.2 84% 4.9%', primary: '217.2 91.2% 59.8%' },
        shared: {
          'font-sans': 'Inter',
          'font-serif': 'Lora',
          'font-mono': 'JetBrains Mono',
          radius: '0.75rem',
          'shadow-opacity': '0.18',
          'shadow-blur': '4px',
          'shadow-spread': '0px',
          'shadow-offset-x': '0px',
          'shadow-offset-y': '2px',
          'letter-spacing': '0.01em',
          spacing: '0.25rem',
        },
      },
      problems: [],
    });
  });

  it('reads v4 oklch colours and reports what it skipped, without stopping', () => {
    const css = `:root {
  --primary: oklch(0.6 0.2 260);
  --border: oklch(1 0 0 / 10%);
  --brand-glow: #f0f;
  --font-sans: Poppins, sans-serif;
}
.dark { --primary: oklch(0.8 0.1 260); --radius: 1rem; }
@theme inline { --color-primary: var(--primary); }`;
    const { overlay, problems } = parseTweakcnCss(css);
    expect(overlay).toEqual({
      light: { primary: expect.stringMatching(/% /) },
      dark: { primary: expect.stringMatching(/% /) },
      shared: { radius: '1rem' },
    });
    expect(problems).toEqual([
      {
        variable: '--border',
        mode: 'light',
        line: 3,
        message: 'Must be an opaque colour: theme colours are HSL channels without transparency',
      },
      { variable: '--brand-glow', mode: 'light', line: 4, message: 'Not a theme token: ignored' },
      {
        variable: '--font-sans',
        mode: 'light',
        line: 5,
        message: expect.stringContaining('self-hosted'),
      },
    ]);
  });

  it('reports a light/dark disagreement on a shared token and keeps the light value', () => {
    const { overlay, problems } = parseTweakcnCss(':root{--radius:0.5rem} .dark{--radius:1rem}');
    expect(overlay).toEqual({ shared: { radius: '0.5rem' } });
    expect(problems).toEqual([
      {
        variable: '--radius',
        mode: 'dark',
        line: 1,
        message: 'Differs between light and dark; the light value is used',
      },
    ]);
  });

  it.each([
    ['', 'No :root or .dark block found'],
    ['body { color: red }', 'No :root or .dark block found'],
    [':root { --primary: red', 'The CSS could not be read: Unclosed block'],
    ['x'.repeat(200_001), 'The CSS must be at most 200000 characters'],
  ])('explains unusable input %#', (text, message) => {
    const { overlay, problems } = parseTweakcnCss(text);
    expect(overlay).toEqual({});
    expect(problems).toEqual([expect.objectContaining({ variable: null, mode: null, message })]);
  });

  it('never lets an injected declaration through', () => {
    const { overlay } = parseTweakcnCss(
      ':root { --primary: red;} body{display:none} :root{--accent: url(javascript:alert(1)); --radius: 1rem/**/;}',
    );
    expect(overlay).toEqual({ light: { primary: '0 100% 50%' }, shared: { radius: '1rem' } });
  });
});

describe('themeToCss', () => {
  it('emits every token of both modes, shared tokens in both blocks', () => {
    const css = themeToCss(resolveTheme([]));
    for (const block of css.split('}\n').filter(Boolean)) {
      for (const token of MODE_TOKENS) expect(block).toContain(`--${token}: `);
      expect(block).toContain('--radius: 0.5rem;');
      expect(block).toContain('--font-sans: ui-sans-serif');
    }
  });

  it('computes shadows, tracking and font stacks from the inputs', () => {
    const resolved = resolveTheme([
      {
        workspace_id: 'a',
        overlay: {
          dark: { 'shadow-color': '#ffffff' },
          shared: {
            'shadow-opacity': '0.5',
            'shadow-blur': '8px',
            'shadow-spread': '2px',
            'shadow-offset-x': '1px',
            'shadow-offset-y': '3px',
            'letter-spacing': '0.02em',
            'font-sans': 'Inter',
            'font-serif': 'Lora',
          },
        },
      },
    ]);
    const light = Object.fromEntries(themeDeclarations(resolved, 'light'));
    const dark = Object.fromEntries(themeDeclarations(resolved, 'dark'));
    expect(light['shadow-2xs']).toBe('1px 3px 8px 2px hsl(0 0% 0% / 0.25)');
    expect(light['shadow-md']).toBe(
      '1px 3px 8px 2px hsl(0 0% 0% / 0.5), 1px 2px 4px 1px hsl(0 0% 0% / 0.5)',
    );
    expect(light['shadow-2xl']).toBe('1px 3px 8px 2px hsl(0 0% 0% / 1)');
    expect(dark['shadow-sm']).toBe(
      '1px 3px 8px 2px hsl(0 0% 100% / 0.5), 1px 1px 2px 1px hsl(0 0% 100% / 0.5)',
    );
    expect(light['tracking-tighter']).toBe('-0.03em');
    expect(light['tracking-widest']).toBe('0.12em');
    expect(light['font-sans']).toMatch(/^'Inter Variable', ui-sans-serif, /);
    expect(light['font-serif']).toMatch(/^'Lora Variable', ui-serif, /);
    expect(light['shadow-x']).toBe('1px');
  });

  it('scopes to the given selectors and refuses selectors that could break out', () => {
    const css = themeToCss(resolveTheme([]), {
      selector: '#preview-light',
      darkSelector: '#preview-dark',
    });
    expect(css.startsWith('#preview-light {\n  --background: 0 0% 100%;')).toBe(true);
    expect(css).toContain('\n#preview-dark {\n  --background: 240 10% 3.9%;');
    for (const selector of ['a{}', 'x;y', '</style><script>', '']) {
      expect(() => themeToCss(resolveTheme([]), { selector })).toThrow('Unsafe CSS selector');
    }
  });

  it('writes only normal-form values, also for a theme not built by resolveTheme', () => {
    // A hand-built or deserialised theme (an editor preview parsed from JSON) with hostile values.
    const base = resolveTheme([]);
    const hostile = {
      ...base,
      light: {
        ...base.light,
        primary: { value: '0 0% 0%; } body { display: none', source_workspace_id: null },
        accent: { value: '#ff0000', source_workspace_id: null },
      },
      shared: {
        ...base.shared,
        radius: { value: '1rem;}</style><script>', source_workspace_id: null },
        'font-sans': {
          value: 'x; background: url(https://evil.example)',
          source_workspace_id: null,
        },
      },
    };
    const css = themeToCss(hostile);
    expect(css).not.toMatch(/display: none|<\/style>|evil\.example/);
    const light = Object.fromEntries(themeDeclarations(hostile, 'light'));
    expect(light.primary).toBe(base.light.primary.value);
    expect(light.accent).toBe('0 100% 50%');
    expect(light.radius).toBe(base.shared.radius.value);
    expect(light['font-sans']).toBe(
      Object.fromEntries(themeDeclarations(base, 'light'))['font-sans'],
    );
  });
});

describe('TweakCN round trip', () => {
  const colour = fc
    .tuple(fc.integer({ min: 0, max: 0xffffff }))
    .map(([n]) => `#${n.toString(16).padStart(6, '0')}`);
  const overlay = fc.record(
    {
      light: fc.dictionary(fc.constantFrom(...MODE_TOKENS), colour, { maxKeys: 10 }),
      dark: fc.dictionary(fc.constantFrom(...MODE_TOKENS), colour, { maxKeys: 10 }),
      shared: fc.record(
        {
          radius: fc.constantFrom('0rem', '0.3rem', '1rem', '12px'),
          'font-sans': fc.constantFrom('Inter', 'Geist', 'System Sans', 'Outfit'),
          'font-mono': fc.constantFrom('Fira Code', 'System Mono'),
          'shadow-opacity': fc.constantFrom('0', '0.12', '1'),
          'shadow-offset-y': fc.constantFrom('-2px', '0px', '5px'),
          'letter-spacing': fc.constantFrom('-0.025em', '0em', '0.05em'),
          'site-font': fc.constantFrom('Lora', 'DM Sans'),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  );

  it('export -> parse gives back exactly the effective values', () => {
    fc.assert(
      fc.property(overlay, (o) => {
        const resolved = resolveTheme([{ workspace_id: 'w', overlay: o }]);
        const { overlay: parsed, problems } = parseTweakcnCss(exportTweakcnCss(resolved));
        expect(problems).toEqual([]);
        expect(parsed).toEqual(themeValues(resolved));
      }),
    );
  });

  it('export has TweakCN v3 form', () => {
    const text = exportTweakcnCss(resolveTheme([]));
    expect(
      text.startsWith(
        '@tailwind base;\n@tailwind components;\n@tailwind utilities;\n\n@layer base {\n  :root {\n    --background: 0 0% 100%;',
      ),
    ).toBe(true);
    expect(text).toContain('\n\n  .dark {\n    --background: 240 10% 3.9%;');
  });
});
