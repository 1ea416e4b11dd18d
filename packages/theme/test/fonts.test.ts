import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FONT_CATALOGUE, FONT_LABELS, fontLabelOf, fontStack, type FontEntry } from '../src';

const fontsModule = readFileSync(
  new URL('../../../apps/platform/src/app/fonts.ts', import.meta.url),
  'utf8',
);
const require = createRequire(new URL('../../../apps/platform/package.json', import.meta.url));
const hosted = FONT_LABELS.map(
  (label) => [label, FONT_CATALOGUE[label] as FontEntry] as const,
).filter(([, entry]) => entry.package !== null);

describe('FONT_CATALOGUE', () => {
  it('holds the 16 installed families and the three system stacks', () => {
    expect(hosted).toHaveLength(16);
    expect(FONT_LABELS).toHaveLength(19);
  });

  it('names each family exactly as its installed package declares it, and the layout imports it', () => {
    for (const [, entry] of hosted) {
      const css = readFileSync(require.resolve(`${entry.package}/index.css`), 'utf8');
      expect(css).toContain(`font-family: '${entry.family}'`);
      // Only our own files: no @import or url() to another origin.
      expect(css).not.toMatch(/url\((['"])?(https?:)?\/\//);
      expect(fontsModule).toContain(`import '${entry.package}';`);
    }
    expect(fontsModule.match(/^import /gm)).toHaveLength(hosted.length);
  });

  it('maps labels, families and stacks back to labels', () => {
    for (const label of FONT_LABELS) expect(fontLabelOf(fontStack(label))).toBe(label);
    expect(fontLabelOf('"Geist Mono Variable", monospace')).toBe('Geist Mono');
    expect(fontLabelOf('Papyrus')).toBeNull();
  });
});
