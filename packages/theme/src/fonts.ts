/**
 * The fonts a theme may use: only families served from our own origin (the
 * `@fontsource-variable/*` packages imported by the platform layout) and the system stacks,
 * so choosing a font never makes a page request another origin.
 */
export type FontCategory = 'sans' | 'serif' | 'mono';

export interface FontEntry {
  /** The @font-face family the fontsource package declares; null for a system stack. */
  family: string | null;
  category: FontCategory;
  /** The npm package that serves it (imported once in the platform root layout). */
  package: string | null;
}

/** System fallbacks per category: the stacks the shell used before themes existed. */
export const SYSTEM_STACKS: Record<FontCategory, string> = {
  sans: "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif, 'Apple Color Emoji', 'Segoe UI Emoji'",
  serif: "ui-serif, Georgia, Cambria, 'Times New Roman', Times, serif",
  mono: "ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, 'Liberation Mono', 'Courier New', monospace",
};

const hosted = (family: string, category: FontCategory, pkg: string): FontEntry => ({
  family,
  category,
  package: `@fontsource-variable/${pkg}`,
});

/** Label (the value stored in a theme) -> font. */
export const FONT_CATALOGUE = {
  'System Sans': { family: null, category: 'sans', package: null },
  'System Serif': { family: null, category: 'serif', package: null },
  'System Mono': { family: null, category: 'mono', package: null },
  Inter: hosted('Inter Variable', 'sans', 'inter'),
  Geist: hosted('Geist Variable', 'sans', 'geist'),
  Roboto: hosted('Roboto Variable', 'sans', 'roboto'),
  'Open Sans': hosted('Open Sans Variable', 'sans', 'open-sans'),
  Montserrat: hosted('Montserrat Variable', 'sans', 'montserrat'),
  'DM Sans': hosted('DM Sans Variable', 'sans', 'dm-sans'),
  'Plus Jakarta Sans': hosted('Plus Jakarta Sans Variable', 'sans', 'plus-jakarta-sans'),
  Outfit: hosted('Outfit Variable', 'sans', 'outfit'),
  'Source Serif 4': hosted('Source Serif 4 Variable', 'serif', 'source-serif-4'),
  Lora: hosted('Lora Variable', 'serif', 'lora'),
  Merriweather: hosted('Merriweather Variable', 'serif', 'merriweather'),
  'Playfair Display': hosted('Playfair Display Variable', 'serif', 'playfair-display'),
  'Geist Mono': hosted('Geist Mono Variable', 'mono', 'geist-mono'),
  'JetBrains Mono': hosted('JetBrains Mono Variable', 'mono', 'jetbrains-mono'),
  'Fira Code': hosted('Fira Code Variable', 'mono', 'fira-code'),
  'Source Code Pro': hosted('Source Code Pro Variable', 'mono', 'source-code-pro'),
} as const satisfies Record<string, FontEntry>;

export type FontLabel = keyof typeof FONT_CATALOGUE;
export const FONT_LABELS = Object.keys(FONT_CATALOGUE) as FontLabel[];

const unquote = (name: string) =>
  name
    .trim()
    .replace(/^['"]|['"]$/g, '')
    .trim()
    .toLowerCase();

/** Generic families and system keywords that select the system stack of a category. */
const GENERIC: Record<string, FontLabel> = {
  'sans-serif': 'System Sans',
  'ui-sans-serif': 'System Sans',
  'system-ui': 'System Sans',
  '-apple-system': 'System Sans',
  serif: 'System Serif',
  'ui-serif': 'System Serif',
  monospace: 'System Mono',
  'ui-monospace': 'System Mono',
};

const BY_NAME = new Map<string, FontLabel>();
for (const label of FONT_LABELS) {
  const entry: FontEntry = FONT_CATALOGUE[label];
  BY_NAME.set(label.toLowerCase(), label);
  if (entry.family) BY_NAME.set(entry.family.toLowerCase(), label);
}

/**
 * The catalogue label a value names: a label ("Inter"), a family ("'Inter Variable'") or a
 * CSS stack whose first family is one of those or a generic family ("Inter, sans-serif").
 * Null when the first family is not self-hosted.
 */
export function fontLabelOf(value: string): FontLabel | null {
  if (value.length > 500) return null;
  const exact = BY_NAME.get(unquote(value));
  if (exact) return exact;
  const first = unquote(value.split(',')[0] ?? '');
  return BY_NAME.get(first) ?? GENERIC[first] ?? null;
}

/** The CSS font-family stack of a label: the hosted family, then its category's system stack. */
export function fontStack(label: FontLabel): string {
  const entry: FontEntry = FONT_CATALOGUE[label];
  const system = SYSTEM_STACKS[entry.category];
  return entry.family ? `'${entry.family}', ${system}` : system;
}
