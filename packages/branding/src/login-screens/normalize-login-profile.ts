import type { BrandingProfile } from '@aiconnected/sdk-contracts';
import { FONT_CATALOGUE, normalizeColor } from '@aiconnected/theme';
import { invalidLoginScreen } from './login-screen-errors';

const PATH = 'body.branding_profile';

const isFont = (name: string) => Object.hasOwn(FONT_CATALOGUE, name);

/**
 * A profile (already shaped by `brandingProfileSchema`) in the form it is stored: colours as
 * the theme engine's HSL channels (opaque, as theme colours), fonts only from the theme's
 * self-hosted catalogue, so nothing stored can load a font from elsewhere or break out of the
 * CSS it is written into. `VALIDATION_BLOCKING` with every failing path otherwise.
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
  return {
    ...profile,
    ...(profile.colors === undefined ? {} : { colors }),
  };
}
