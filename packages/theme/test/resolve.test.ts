import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THEME,
  MODE_TOKENS,
  SHARED_TOKENS,
  THEME_TOKENS,
  applyThemeLayer,
  resolveTheme,
  themeValues,
  type ThemeLayer,
  type ThemeToken,
} from '../src';

const SUPER = '00000000-0000-4000-8000-000000000001';
const AGENCY = '00000000-0000-4000-8000-000000000002';
const BUSINESS = '00000000-0000-4000-8000-000000000003';

describe('resolveTheme', () => {
  it('is the built-in default, from no workspace, for an empty chain', () => {
    const resolved = resolveTheme([]);
    expect(themeValues(resolved)).toEqual(DEFAULT_THEME);
    expect(resolved.light.primary).toEqual({
      value: DEFAULT_THEME.light.primary,
      source_workspace_id: null,
    });
  });

  // The inheritance table: for each of super / agency / business, the token is unset, set, or
  // set and locked; the expected value and source follow from "nearest lock wins, else last set".
  const states = ['unset', 'set', 'locked'] as const;
  const colours: Record<string, string> = {
    [SUPER]: '#ff0000',
    [AGENCY]: '#00ff00',
    [BUSINESS]: '#0000ff',
  };
  const channels: Record<string, string> = {
    [SUPER]: '0 100% 50%',
    [AGENCY]: '120 100% 50%',
    [BUSINESS]: '240 100% 50%',
  };
  const ids = [SUPER, AGENCY, BUSINESS];
  const table = states.flatMap((s) => states.flatMap((a) => states.map((b) => [s, a, b] as const)));

  it.each(table)('super %s, agency %s, business %s', (...row) => {
    const chain: ThemeLayer[] = ids.map((id, i) => ({
      workspace_id: id,
      overlay:
        row[i] === 'unset'
          ? {}
          : {
              light: { primary: colours[id] },
              ...(row[i] === 'locked' ? { locks: ['primary'] } : {}),
            },
    }));
    const lockIndex = row.indexOf('locked');
    const lastSet = row.reduce((last, state, i) => (state !== 'unset' ? i : last), -1);
    const winner = lockIndex >= 0 ? lockIndex : lastSet;
    const token = resolveTheme(chain).light.primary;
    expect(token).toEqual({
      value: winner >= 0 ? channels[ids[winner] ?? ''] : DEFAULT_THEME.light.primary,
      source_workspace_id: winner >= 0 ? ids[winner] : null,
      ...(lockIndex >= 0 ? { locked_by: ids[lockIndex] } : {}),
    });
  });

  it('locks a colour token in both modes, and can lock an inherited value', () => {
    const resolved = resolveTheme([
      { workspace_id: SUPER, overlay: { dark: { primary: '#111111' } } },
      { workspace_id: AGENCY, overlay: { locks: ['primary', 'radius'] } },
      {
        workspace_id: BUSINESS,
        overlay: {
          light: { primary: 'red' },
          dark: { primary: 'red' },
          shared: { radius: '1rem' },
        },
      },
    ]);
    expect(resolved.light.primary).toEqual({
      value: DEFAULT_THEME.light.primary,
      source_workspace_id: null,
      locked_by: AGENCY,
    });
    expect(resolved.dark.primary).toEqual({
      value: '0 0% 6.7%',
      source_workspace_id: SUPER,
      locked_by: AGENCY,
    });
    expect(resolved.shared.radius).toEqual({
      value: '0.5rem',
      source_workspace_id: null,
      locked_by: AGENCY,
    });
  });

  it('skips a stored value that no longer validates instead of emitting it', () => {
    const resolved = resolveTheme([
      { workspace_id: AGENCY, overlay: { light: { primary: 'red;}body{display:none' } } },
    ]);
    expect(resolved.light.primary.source_workspace_id).toBeNull();
  });

  // Property tests over random chains of overlays.
  const colourArb = fc.constantFrom(
    '#123456',
    'red',
    'hsl(10 50% 40%)',
    '200 40% 30%',
    'oklch(0.6 0.1 200)',
  );
  const overlayArb = fc.record(
    {
      light: fc.dictionary(fc.constantFrom(...MODE_TOKENS), colourArb, { maxKeys: 6 }),
      shared: fc.dictionary(
        fc.constantFrom('radius' as const, 'site-radius' as const),
        fc.constantFrom('0rem', '1rem', '8px'),
        { maxKeys: 2 },
      ),
      locks: fc.uniqueArray(fc.constantFrom(...THEME_TOKENS), { maxLength: 6 }),
    },
    { requiredKeys: [] },
  );
  const chainArb = fc
    .array(overlayArb, { maxLength: 4 })
    .map((overlays) =>
      overlays.map((overlay, i): ThemeLayer => ({ workspace_id: `w${i}`, overlay })),
    );

  it('covers every token in every section', () => {
    fc.assert(
      fc.property(chainArb, (chain) => {
        const resolved = resolveTheme(chain);
        expect(Object.keys(resolved.light).sort()).toEqual([...MODE_TOKENS].sort());
        expect(Object.keys(resolved.dark).sort()).toEqual([...MODE_TOKENS].sort());
        expect(Object.keys(resolved.shared).sort()).toEqual([...SHARED_TOKENS].sort());
      }),
    );
  });

  it('lets a lock win over every later overlay', () => {
    fc.assert(
      fc.property(chainArb, (chain) => {
        const resolved = resolveTheme(chain);
        const firstLock = new Map<ThemeToken, number>();
        chain.forEach((layer, i) =>
          layer.overlay.locks?.forEach((t) => firstLock.has(t) || firstLock.set(t, i)),
        );
        for (const [token, index] of firstLock) {
          const entry =
            token in resolved.shared
              ? resolved.shared[token as 'radius']
              : resolved.light[token as 'primary'];
          expect(entry.locked_by).toBe(`w${index}`);
          const source = entry.source_workspace_id;
          // The value came from the locking workspace or an ancestor, never a descendant.
          if (source !== null) expect(Number(source.slice(1))).toBeLessThanOrEqual(index);
        }
      }),
    );
  });

  it('takes the last unlocked value, and is deterministic', () => {
    fc.assert(
      fc.property(chainArb, (chain) => {
        const resolved = resolveTheme(chain);
        expect(resolveTheme(chain)).toEqual(resolved);
        for (const token of MODE_TOKENS) {
          if (chain.some((l) => l.overlay.locks?.includes(token))) continue;
          const setters = chain.filter((l) => l.overlay.light?.[token] !== undefined);
          const last = setters.at(-1);
          expect(resolved.light[token].source_workspace_id).toBe(last ? last.workspace_id : null);
        }
      }),
    );
  });

  it('equals applying the last layer on the resolved parent (the editor preview path)', () => {
    fc.assert(
      fc.property(chainArb, overlayArb, (chain, overlay) => {
        const parent = resolveTheme(chain);
        const before = JSON.stringify(parent);
        const layer = { workspace_id: 'child', overlay };
        expect(applyThemeLayer(parent, layer)).toEqual(resolveTheme([...chain, layer]));
        expect(JSON.stringify(parent)).toBe(before); // the parent is not changed
      }),
    );
  });
});
