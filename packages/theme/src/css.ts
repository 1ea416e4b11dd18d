import { DEFAULT_THEME } from './defaults';
import { fontLabelOf, fontStack } from './fonts';
import type { ResolvedTheme, ResolvedToken } from './resolve';
import { MODE_TOKENS, type ThemeMode, type ThemeToken } from './tokens';
import { normalizeTokenValue } from './values';

type Declaration = readonly [name: string, value: string];

const px = (value: string) => Number.parseFloat(value);
const fixed = (n: number, digits = 4) => {
  const r = Number(n.toFixed(digits));
  return String(Object.is(r, -0) ? 0 : r);
};

/**
 * The shadow scale from the shadow inputs, as TweakCN computes it: the base layer everywhere,
 * a second layer with a fixed y offset and blur (spread one pixel tighter) from `sm` upwards,
 * and the opacity scaled per size.
 */
function shadowScale(resolved: ResolvedTheme, mode: ThemeMode): Declaration[] {
  const s = resolved.shared;
  const color = resolved[mode]['shadow-color'].value;
  const opacity = Number(s['shadow-opacity'].value);
  const [x, y, blur, spread] = [
    s['shadow-offset-x'].value,
    s['shadow-offset-y'].value,
    s['shadow-blur'].value,
    s['shadow-spread'].value,
  ];
  const alpha = (multiplier: number) =>
    `hsl(${color} / ${fixed(Math.min(1, opacity * multiplier), 2)})`;
  const base = (multiplier: number) => `${x} ${y} ${blur} ${spread} ${alpha(multiplier)}`;
  const second = (y2: string, blur2: string) =>
    `${x} ${y2} ${blur2} ${fixed(px(spread) - 1)}px ${alpha(1)}`;
  return [
    ['shadow-2xs', base(0.5)],
    ['shadow-xs', base(0.5)],
    ['shadow-sm', `${base(1)}, ${second('1px', '2px')}`],
    ['shadow', `${base(1)}, ${second('1px', '2px')}`],
    ['shadow-md', `${base(1)}, ${second('2px', '4px')}`],
    ['shadow-lg', `${base(1)}, ${second('4px', '6px')}`],
    ['shadow-xl', `${base(1)}, ${second('8px', '10px')}`],
    ['shadow-2xl', base(2.5)],
  ];
}

/** Tracking scale around the letter-spacing input (TweakCN's offsets, computed to numbers). */
function trackingScale(letterSpacing: string): Declaration[] {
  const normal = Number.parseFloat(letterSpacing);
  const at = (delta: number) => `${fixed(normal + delta)}em`;
  return [
    ['tracking-tighter', at(-0.05)],
    ['tracking-tight', at(-0.025)],
    ['tracking-normal', at(0)],
    ['tracking-wide', at(0.025)],
    ['tracking-wider', at(0.05)],
    ['tracking-widest', at(0.1)],
  ];
}

const stackOf = (label: string) => fontStack(fontLabelOf(label) ?? 'System Sans');

function normalSection<T extends ThemeToken>(
  section: Record<T, ResolvedToken>,
  defaults: Record<T, string>,
): Record<T, ResolvedToken> {
  const out = { ...section };
  for (const token of Object.keys(defaults) as T[]) {
    const normal = normalizeTokenValue(token, section[token]?.value ?? defaults[token]);
    out[token] = { ...section[token], value: normal.ok ? normal.value : defaults[token] };
  }
  return out;
}

/**
 * `resolved` with every value in its normal form again (one that fails becomes the built-in
 * default): the CSS is written from these values verbatim, and a caller may hand in a theme
 * that did not come from `resolveTheme` (an editor preview parsed from JSON).
 */
function normalTheme(resolved: ResolvedTheme): ResolvedTheme {
  return {
    light: normalSection(resolved.light, DEFAULT_THEME.light),
    dark: normalSection(resolved.dark, DEFAULT_THEME.dark),
    shared: normalSection(resolved.shared, DEFAULT_THEME.shared),
  };
}

/**
 * The CSS custom properties of one mode, in a stable order: colours, fonts, radius, the raw
 * shadow inputs (TweakCN's names), the computed shadows and tracking, spacing, site extras.
 * Shared tokens are repeated in each mode so a dark block works on its own (e.g. the editor's
 * side-by-side preview). Every value is re-normalised first (`normalTheme`).
 */
export function themeDeclarations(input: ResolvedTheme, mode: ThemeMode): Declaration[] {
  const resolved = normalTheme(input);
  const s = resolved.shared;
  return [
    ...MODE_TOKENS.map((token): Declaration => [token, resolved[mode][token].value]),
    ['font-sans', stackOf(s['font-sans'].value)],
    ['font-serif', stackOf(s['font-serif'].value)],
    ['font-mono', stackOf(s['font-mono'].value)],
    ['radius', s.radius.value],
    ['shadow-x', s['shadow-offset-x'].value],
    ['shadow-y', s['shadow-offset-y'].value],
    ['shadow-blur', s['shadow-blur'].value],
    ['shadow-spread', s['shadow-spread'].value],
    ['shadow-opacity', s['shadow-opacity'].value],
    ...shadowScale(resolved, mode),
    ...trackingScale(s['letter-spacing'].value),
    ['spacing', s.spacing.value],
    ['site-radius', s['site-radius'].value],
    ['site-font', stackOf(s['site-font'].value)],
  ];
}

const SELECTOR = /^[A-Za-z0-9_\-.#:[\]="' >()*,]{1,200}$/;

function block(selector: string, declarations: Declaration[], indent: string): string {
  const body = declarations.map(([name, value]) => `${indent}  --${name}: ${value};`).join('\n');
  return `${indent}${selector} {\n${body}\n${indent}}`;
}

export interface ThemeCssOptions {
  /** Selector of the light block; default `:root`. */
  selector?: string;
  /** Selector of the dark block; default `.dark`. */
  darkSelector?: string;
}

/**
 * The theme as CSS: a light block and a dark block of custom properties (colours as Tailwind v3
 * HSL channels). Only normal-form values are written (re-normalised here, whatever built
 * `resolved`), and selectors are limited to selector characters (no braces, semicolons or
 * `<`), so the text is safe inside a `<style>` element.
 */
export function themeToCss(resolved: ResolvedTheme, options: ThemeCssOptions = {}): string {
  const selector = options.selector ?? ':root';
  const darkSelector = options.darkSelector ?? '.dark';
  for (const s of [selector, darkSelector]) {
    if (!SELECTOR.test(s)) throw new Error(`Unsafe CSS selector: ${JSON.stringify(s)}`);
  }
  return `${block(selector, themeDeclarations(resolved, 'light'), '')}\n${block(darkSelector, themeDeclarations(resolved, 'dark'), '')}\n`;
}

/** The effective theme in the form of TweakCN's "Tailwind v3" CSS export. */
export function exportTweakcnCss(resolved: ResolvedTheme): string {
  return `@tailwind base;
@tailwind components;
@tailwind utilities;

@layer base {
${block(':root', themeDeclarations(resolved, 'light'), '  ')}

${block('.dark', themeDeclarations(resolved, 'dark'), '  ')}
}

@layer base {
  * {
    @apply border-border;
  }
  body {
    @apply bg-background text-foreground;
  }
}
`;
}
