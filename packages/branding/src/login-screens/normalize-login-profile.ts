import {
  isSupportLinkUrl,
  textProblem,
  type BrandingProfile,
  type BrandingProfileField,
} from '@aiconnected/sdk-contracts';
import { FONT_CATALOGUE, normalizeColor } from '@aiconnected/theme';
import { invalidLoginScreen } from './login-screen-errors';

const PATH = 'body.branding_profile';

const isFont = (name: string) => Object.hasOwn(FONT_CATALOGUE, name);

/**
 * A profile (already shaped by `brandingProfileSchema`) in the form it is stored: colours as
 * the theme engine's HSL channels (opaque, as theme colours), fonts only from the theme's
 * self-hosted catalogue, so nothing stored can load a font from elsewhere or break out of the
 * CSS it is written into; the support link's address as the URL parser writes it
 * (`HTTPS://Acme.Example` -> `https://acme.example/`). `VALIDATION_BLOCKING` with every failing
 * path otherwise.
 */
export function normalizeLoginProfile(profile: BrandingProfile): BrandingProfile {
  const issues: { path: string; message: string }[] = [];
  const colors: NonNullable<BrandingProfile['colors']> = {};
  for (const key of ['primary', 'secondary'] as const) {
    const value = profile.colors?.[key];
    if (value === undefined) continue;
    const normalized = normalizeColor(value);
    if (normalized.ok) colors[key] = normalized.value;
    else issues.push({ path: `${PATH}.colors.${key}`, message: normalized.message });
  }
  for (const key of ['heading_font', 'body_font'] as const) {
    const value = profile.typography?.[key];
    if (value !== undefined && !isFont(value)) {
      issues.push({
        path: `${PATH}.typography.${key}`,
        message: `Unknown font "${value}": pick one of the theme's fonts`,
      });
    }
  }
  if (issues.length > 0) throw invalidLoginScreen(issues);
  const link = profile.support_link;
  return {
    ...profile,
    ...(profile.colors === undefined ? {} : { colors }),
    // Checked by the schema (`isSupportLinkUrl`); stored as the URL parser writes it.
    ...(link === undefined ? {} : { support_link: { ...link, url: new URL(link.url).href } }),
  };
}

/**
 * A stored field's value as it may reach a page (`style`, `href`), re-checked at read like the
 * theme engine re-normalises tokens: a colour the engine parses (normalised), a catalogue font,
 * an https:/mailto: support link; anything else is dropped (undefined), so the field inherits.
 */
export function readableProfileValue(
  field: BrandingProfileField,
  value: NonNullable<unknown>,
): NonNullable<unknown> | undefined {
  switch (field) {
    case 'colors.primary':
    case 'colors.secondary': {
      const normalized = typeof value === 'string' ? normalizeColor(value) : null;
      return normalized?.ok ? normalized.value : undefined;
    }
    case 'typography.heading_font':
    case 'typography.body_font':
      return typeof value === 'string' && isFont(value) ? value : undefined;
    case 'support_link': {
      const link = value as { text?: unknown; url?: unknown };
      const ok =
        typeof link.text === 'string' &&
        textProblem(link.text) === null &&
        typeof link.url === 'string' &&
        isSupportLinkUrl(link.url);
      return ok ? { text: link.text, url: link.url } : undefined;
    }
    default:
      return typeof value === 'string' && textProblem(value) === null ? value : undefined;
  }
}
