/**
 * Token names: the shadcn/ui CSS variables TweakCN edits (without the leading `--`), plus the
 * `site-*` group modules use for end-user surfaces (PRD §15, module developer rules).
 */

/** Colour tokens set separately for light and dark mode. */
export const MODE_TOKENS = [
  'background',
  'foreground',
  'card',
  'card-foreground',
  'popover',
  'popover-foreground',
  'primary',
  'primary-foreground',
  'secondary',
  'secondary-foreground',
  'muted',
  'muted-foreground',
  'accent',
  'accent-foreground',
  'destructive',
  'destructive-foreground',
  'border',
  'input',
  'ring',
  'chart-1',
  'chart-2',
  'chart-3',
  'chart-4',
  'chart-5',
  'sidebar',
  'sidebar-foreground',
  'sidebar-primary',
  'sidebar-primary-foreground',
  'sidebar-accent',
  'sidebar-accent-foreground',
  'sidebar-border',
  'sidebar-ring',
  'shadow-color',
  'site-background',
  'site-foreground',
  'site-primary',
  'site-primary-foreground',
  'site-accent',
  'site-accent-foreground',
  'site-muted',
  'site-muted-foreground',
  'site-border',
] as const;
export type ModeToken = (typeof MODE_TOKENS)[number];

/** Tokens shared by both modes (TweakCN's COMMON_STYLES, plus the site radius and font). */
export const SHARED_TOKENS = [
  'radius',
  'font-sans',
  'font-serif',
  'font-mono',
  'shadow-opacity',
  'shadow-blur',
  'shadow-spread',
  'shadow-offset-x',
  'shadow-offset-y',
  'letter-spacing',
  'spacing',
  'site-radius',
  'site-font',
] as const;
export type SharedToken = (typeof SHARED_TOKENS)[number];

export type ThemeToken = ModeToken | SharedToken;
export const THEME_TOKENS: readonly ThemeToken[] = [...MODE_TOKENS, ...SHARED_TOKENS];

export const THEME_MODES = ['light', 'dark'] as const;
export type ThemeMode = (typeof THEME_MODES)[number];

/** The `x` / `x-foreground` pairs whose text must stay readable (WCAG AA, 4.5:1). */
export const CONTRAST_PAIRS = [
  ['background', 'foreground'],
  ['card', 'card-foreground'],
  ['popover', 'popover-foreground'],
  ['primary', 'primary-foreground'],
  ['secondary', 'secondary-foreground'],
  ['muted', 'muted-foreground'],
  ['accent', 'accent-foreground'],
  ['destructive', 'destructive-foreground'],
  ['sidebar', 'sidebar-foreground'],
  ['sidebar-primary', 'sidebar-primary-foreground'],
  ['sidebar-accent', 'sidebar-accent-foreground'],
  ['site-background', 'site-foreground'],
  ['site-primary', 'site-primary-foreground'],
  ['site-accent', 'site-accent-foreground'],
  ['site-muted', 'site-muted-foreground'],
] as const satisfies readonly (readonly [ModeToken, ModeToken])[];

/** WCAG 2.x AA for normal-size text. */
export const CONTRAST_REQUIRED = 4.5;

const MODE_SET: ReadonlySet<string> = new Set(MODE_TOKENS);
const SHARED_SET: ReadonlySet<string> = new Set(SHARED_TOKENS);

export function isModeToken(name: string): name is ModeToken {
  return MODE_SET.has(name);
}

export function isSharedToken(name: string): name is SharedToken {
  return SHARED_SET.has(name);
}
