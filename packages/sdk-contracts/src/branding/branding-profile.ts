import { z } from 'zod';
import { safeText } from '../common/safe-text';

// Colours and fonts end up in server-emitted CSS. A colour is whatever the theme engine parses
// (the same rule as theme tokens: hex, names, any CSS colour function); the domain code stores
// it normalised to HSL channels and refuses the rest, so the route only bounds the text here.
// Fonts come from the theme's self-hosted catalogue (checked by name in packages/branding).
const FONT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9 -]{0,63}$/;

const colorSchema = safeText(200).meta({
  description: 'A CSS colour the theme engine accepts (#rrggbb, a name, oklch()/hsl()/rgb()…)',
});

/** Longest change note of a theme or login-screen version (their tables allow 1000). */
export const CHANGE_NOTE_MAX = 1000;

/**
 * The version an editor loaded, sent back with a whole-profile or whole-overlay save so a
 * newer save by someone else is never overwritten silently (null or 0: none was saved yet).
 */
export const baseVersionSchema = z.int().min(0).max(2_147_483_647).nullable().meta({
  description:
    'The version the editor loaded (null or 0: none yet); another version is now current -> `CONFLICT`',
});

const fontSchema = z
  .string()
  .trim()
  .regex(FONT_NAME_PATTERN, 'Must be a font name from the theme font catalogue')
  .meta({ description: 'A font of the theme font catalogue, by name (e.g. "Inter")' });

/** The plain-text copy slots of the login screen a workspace may rewrite (PRD §15.1). */
export const BRANDING_COPY_SLOTS = ['headline', 'subheadline', 'footer'] as const;
export type BrandingCopySlot = (typeof BRANDING_COPY_SLOTS)[number];

/** Longest text of each copy slot. */
export const BRANDING_COPY_LIMITS = {
  headline: 120,
  subheadline: 300,
  footer: 300,
} as const satisfies Record<BrandingCopySlot, number>;

/**
 * Whether `value` is a link the sign-in page may offer: `https://` with a host, or `mailto:`
 * with an address. Never `javascript:`, `data:`, plain `http:` or a relative path; nor
 * `https:host` or `https:/host`, which URL parsing would quietly read as `https://host/`.
 */
export function isSupportLinkUrl(value: string): boolean {
  if (!/^(https:\/\/|mailto:)/i.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:')
    return url.hostname !== '' && url.username === '' && url.password === '';
  if (url.protocol === 'mailto:') return /^[^\s@/?#]+@[^\s@/?#]+\.[^\s@/?#]+$/.test(url.pathname);
  return false;
}

const supportLinkUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine(isSupportLinkUrl, 'Must be an https:// address or a mailto: link')
  .meta({ description: 'https:// address or mailto: link' });

/**
 * The login-screen branding of a workspace (PRD §15.1). Every field is optional: an absent
 * field inherits from the parent scope (super -> agency -> business), so the same shape holds
 * a stored override and a resolved profile. Copy is plain text, never HTML (pages render it as
 * text).
 */
export const brandingProfileSchema = z
  .strictObject({
    logo_asset_id: z
      .uuid()
      .optional()
      .meta({ description: 'A clean logo asset of the workspace or one of its ancestors' }),
    colors: z
      .strictObject({ primary: colorSchema.optional(), secondary: colorSchema.optional() })
      .optional(),
    typography: z
      .strictObject({ heading_font: fontSchema.optional(), body_font: fontSchema.optional() })
      .optional(),
    copy: z
      .strictObject({
        headline: safeText(BRANDING_COPY_LIMITS.headline).optional(),
        subheadline: safeText(BRANDING_COPY_LIMITS.subheadline).optional(),
        footer: safeText(BRANDING_COPY_LIMITS.footer).optional(),
      })
      .optional()
      .meta({ description: 'Plain-text login copy by slot' }),
    support_link: z
      .strictObject({ text: safeText(80), url: supportLinkUrlSchema })
      .optional()
      .meta({ description: 'Where people who cannot sign in get help' }),
  })
  .meta({ id: 'BrandingProfile', description: 'Login-screen branding of a workspace (PRD §15.1)' });
export type BrandingProfile = z.infer<typeof brandingProfileSchema>;

/**
 * The fields of a profile that inherit one by one, as dotted paths (`support_link` inherits as
 * a whole: its text and address belong together).
 */
export const BRANDING_PROFILE_FIELDS = [
  'logo_asset_id',
  'colors.primary',
  'colors.secondary',
  'typography.heading_font',
  'typography.body_font',
  'copy.headline',
  'copy.subheadline',
  'copy.footer',
  'support_link',
] as const;
export type BrandingProfileField = (typeof BRANDING_PROFILE_FIELDS)[number];

/** The value of a dotted profile field (`colors.primary`), undefined when unset. */
export function readProfileField(
  profile: BrandingProfile,
  field: BrandingProfileField,
): NonNullable<unknown> | undefined {
  const [head, tail] = field.split('.') as [keyof BrandingProfile, string | undefined];
  const value: unknown = profile[head];
  if (tail === undefined) return value ?? undefined;
  return (value as Record<string, unknown> | undefined)?.[tail] ?? undefined;
}

/** A copy of `profile` with a dotted field set to `value` (the caller vouches for its shape). */
export function writeProfileField(
  profile: BrandingProfile,
  field: BrandingProfileField,
  value: NonNullable<unknown>,
): BrandingProfile {
  const [head, tail] = field.split('.') as [keyof BrandingProfile, string | undefined];
  const next: Record<string, unknown> = { ...profile };
  if (tail === undefined) next[head] = value;
  else next[head] = { ...(next[head] as Record<string, unknown> | undefined), [tail]: value };
  return next;
}
