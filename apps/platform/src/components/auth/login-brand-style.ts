import type { CSSProperties } from 'react';
import type { BrandingProfile } from '@aiconnected/sdk-contracts';
import { contrastProblems, FONT_CATALOGUE, fontStack, resolveTheme } from '@aiconnected/theme';

const WHITE = '0 0% 100%';
const INK = '222.2 47.4% 11.2%';
const readable = new Map<string, string>();

/** The contrast of `foreground` on `background` as the theme engine measures it (AA or above: Infinity). */
function contrastOf(background: string, foreground: string): number {
  const theme = resolveTheme([
    {
      workspace_id: 'login-brand',
      overlay: { light: { primary: background, 'primary-foreground': foreground } },
    },
  ]);
  const problem = contrastProblems(theme).find(
    (candidate) => candidate.mode === 'light' && candidate.background === 'primary',
  );
  return problem?.ratio ?? Infinity;
}

/**
 * White or ink, whichever reads better on `background` (HSL channels): a brand colour picks its
 * own text colour, so buttons and panels in it stay at WCAG AA (one of the two always reaches
 * 4.5:1 on an opaque colour). Remembered per colour: a sign-in page asks for the same few.
 */
export function readableOn(background: string): string {
  let text = readable.get(background);
  if (text === undefined) {
    text = contrastOf(background, WHITE) >= contrastOf(background, INK) ? WHITE : INK;
    if (readable.size > 500) readable.clear();
    readable.set(background, text);
  }
  return text;
}

/** The CSS stack of a catalogue font, or undefined for a name the catalogue does not hold. */
export function loginFont(label: string | undefined): string | undefined {
  return label !== undefined && Object.hasOwn(FONT_CATALOGUE, label)
    ? fontStack(label as keyof typeof FONT_CATALOGUE)
    : undefined;
}

/**
 * The theme variables a login profile overrides, set on the sign-in page's wrapper: primary
 * (buttons, focus ring) and secondary (the brand panel), each with a readable foreground, and
 * the body font. Values are the stored normal form (HSL channels, catalogue fonts): nothing
 * here can leave the declaration it is written into.
 */
export function loginBrandStyle(profile: BrandingProfile): CSSProperties {
  const style: Record<string, string> = {};
  const { primary, secondary } = profile.colors ?? {};
  if (primary) {
    style['--primary'] = primary;
    style['--primary-foreground'] = readableOn(primary);
    style['--ring'] = primary;
  }
  if (secondary) {
    style['--secondary'] = secondary;
    style['--secondary-foreground'] = readableOn(secondary);
  }
  const body = loginFont(profile.typography?.body_font);
  if (body) style.fontFamily = body;
  return style;
}
