import { MODE_TOKENS, type ModeToken, type SharedToken } from '@aiconnected/theme';

/** The engine's colour tokens of one family (`sidebar`, `chart-`, `site-`), in its order. */
const family = (prefix: string): ModeToken[] =>
  MODE_TOKENS.filter((token) => token.startsWith(prefix));

/** The colour tokens as the editor groups them (every MODE_TOKEN exactly once; a test checks). */
export const COLOUR_GROUPS: { title: string; hint: string; tokens: ModeToken[] }[] = [
  {
    title: 'Brand',
    hint: 'Buttons, highlights and their text.',
    tokens: [
      'primary',
      'primary-foreground',
      'secondary',
      'secondary-foreground',
      'accent',
      'accent-foreground',
      'destructive',
      'destructive-foreground',
    ],
  },
  {
    title: 'Page and surfaces',
    hint: 'The page, cards, menus and quiet text.',
    tokens: [
      'background',
      'foreground',
      'card',
      'card-foreground',
      'popover',
      'popover-foreground',
      'muted',
      'muted-foreground',
    ],
  },
  {
    title: 'Lines, focus and shadow',
    hint: 'Borders, form fields, the focus ring and the shadow colour.',
    tokens: ['border', 'input', 'ring', 'shadow-color'],
  },
  {
    title: 'Sidebar',
    hint: 'The navigation column.',
    tokens: family('sidebar'),
  },
  {
    title: 'Charts',
    hint: 'The five series colours of charts.',
    tokens: family('chart-'),
  },
  {
    title: 'Site surfaces',
    hint: 'Pages modules show to end users (their site-* tokens).',
    tokens: family('site-'),
  },
];

/** The shared tokens by section, with the hint shown under each field. */
export const SHARED_GROUPS: {
  title: string;
  fields: { token: SharedToken; label: string; hint: string }[];
}[] = [
  {
    title: 'Shape and type',
    fields: [
      { token: 'radius', label: 'Corner radius', hint: 'e.g. 0.5rem or 8px (0 to 3rem)' },
      { token: 'font-sans', label: 'Sans font', hint: 'Body text and controls' },
      { token: 'font-serif', label: 'Serif font', hint: 'Long-form text' },
      { token: 'font-mono', label: 'Mono font', hint: 'Code and identifiers' },
      { token: 'letter-spacing', label: 'Letter spacing', hint: 'e.g. 0em (-0.1em to 0.25em)' },
      { token: 'spacing', label: 'Spacing unit', hint: 'e.g. 0.25rem (0.125rem to 0.5rem)' },
    ],
  },
  {
    title: 'Shadows',
    fields: [
      { token: 'shadow-opacity', label: 'Opacity', hint: '0 to 1' },
      { token: 'shadow-blur', label: 'Blur', hint: 'e.g. 3px (0 to 100px)' },
      { token: 'shadow-spread', label: 'Spread', hint: 'e.g. 0px (-50px to 50px)' },
      { token: 'shadow-offset-x', label: 'Offset x', hint: 'e.g. 0px (-50px to 50px)' },
      { token: 'shadow-offset-y', label: 'Offset y', hint: 'e.g. 1px (-50px to 50px)' },
    ],
  },
  {
    title: 'Site surfaces',
    fields: [
      { token: 'site-radius', label: 'Site corner radius', hint: 'e.g. 0.5rem' },
      { token: 'site-font', label: 'Site font', hint: 'Text of end-user pages' },
    ],
  },
];

export const FONT_TOKENS: ReadonlySet<SharedToken> = new Set([
  'font-sans',
  'font-serif',
  'font-mono',
  'site-font',
]);
