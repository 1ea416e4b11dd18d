import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import preset from '../tailwind-preset';

const css = await readFile(new URL('../src/globals.css', import.meta.url), 'utf8');

/** The custom properties declared inside the first block opened by `selector`. */
function declaredIn(selector: string): Set<string> {
  const start = css.indexOf(`${selector} {`);
  if (start === -1) throw new Error(`globals.css has no ${selector} block`);
  const block = css.slice(start, css.indexOf('}', start));
  return new Set([...block.matchAll(/(--[a-z0-9-]+)\s*:/g)].map((match) => match[1] ?? ''));
}

/** Every `var(--x)` the preset's theme refers to. */
function referencedByPreset(): Set<string> {
  const json = JSON.stringify(preset.theme);
  return new Set([...json.matchAll(/var\((--[a-z0-9-]+)\)/g)].map((match) => match[1] ?? ''));
}

describe('super-baseline theme', () => {
  const root = declaredIn(':root');
  const dark = declaredIn('.dark');
  const used = [...referencedByPreset()].filter((name) => !name.startsWith('--radix-'));

  it('declares every variable the Tailwind preset uses', () => {
    expect(used.filter((name) => !root.has(name))).toEqual([]);
  });

  it('gives every colour a dark value too', () => {
    const colours = used.filter((name) =>
      JSON.stringify(preset.theme.extend.colors).includes(`var(${name})`),
    );
    expect(colours.length).toBeGreaterThan(30);
    expect(colours.filter((name) => !dark.has(name))).toEqual([]);
  });

  it('uses the TweakCN names for the sidebar, charts and radius', () => {
    for (const name of [
      '--sidebar',
      '--sidebar-primary',
      '--sidebar-ring',
      '--chart-1',
      '--chart-5',
      '--radius',
    ]) {
      expect(root.has(name), name).toBe(true);
    }
  });

  it('loads nothing from the network: no @import, no url(), no http', () => {
    expect(css).not.toMatch(/@import|url\(|https?:/);
  });
});
