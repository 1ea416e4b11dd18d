import {
  BRANDING_PROFILE_FIELDS,
  isSupportLinkUrl,
  readProfileField,
  writeProfileField,
  type BrandingProfile,
  type BrandingProfileField,
  type LoginScreen,
} from '@aiconnected/sdk-contracts';
import { normalizeColor } from '@aiconnected/theme';

/** The form's fields, as typed (empty: inherit). */
export interface LoginDraft {
  logo: string;
  primary: string;
  secondary: string;
  heading_font: string;
  body_font: string;
  headline: string;
  subheadline: string;
  footer: string;
  support_text: string;
  support_url: string;
}
export type LoginDraftKey = keyof LoginDraft;

/** The draft of a saved profile (what the workspace sets itself). */
export function draftOf(profile: BrandingProfile | null): LoginDraft {
  return {
    logo: profile?.logo_asset_id ?? '',
    primary: profile?.colors?.primary ?? '',
    secondary: profile?.colors?.secondary ?? '',
    heading_font: profile?.typography?.heading_font ?? '',
    body_font: profile?.typography?.body_font ?? '',
    headline: profile?.copy?.headline ?? '',
    subheadline: profile?.copy?.subheadline ?? '',
    footer: profile?.copy?.footer ?? '',
    support_text: profile?.support_link?.text ?? '',
    support_url: profile?.support_link?.url ?? '',
  };
}

/** The profile field each form field belongs to (for its source badge). */
export const FIELD_OF: Record<LoginDraftKey, BrandingProfileField> = {
  logo: 'logo_asset_id',
  primary: 'colors.primary',
  secondary: 'colors.secondary',
  heading_font: 'typography.heading_font',
  body_font: 'typography.body_font',
  headline: 'copy.headline',
  subheadline: 'copy.subheadline',
  footer: 'copy.footer',
  support_text: 'support_link',
  support_url: 'support_link',
};

const set = (value: string) => (value.trim() === '' ? undefined : value.trim());

/**
 * The profile a draft saves (only what it sets, colours in the engine's normal form) and the
 * problems the API would refuse it for, by form field, so the form says them before saving.
 */
export function profileOf(draft: LoginDraft): {
  profile: BrandingProfile;
  errors: Partial<Record<LoginDraftKey, string>>;
} {
  const errors: Partial<Record<LoginDraftKey, string>> = {};
  const colour = (key: 'primary' | 'secondary') => {
    const value = set(draft[key]);
    if (value === undefined) return undefined;
    const normal = normalizeColor(value);
    if (normal.ok) return normal.value;
    errors[key] = normal.message;
    return undefined;
  };
  const colors = { primary: colour('primary'), secondary: colour('secondary') };
  const supportText = set(draft.support_text);
  const supportUrl = set(draft.support_url);
  if ((supportText === undefined) !== (supportUrl === undefined)) {
    errors[supportText === undefined ? 'support_text' : 'support_url'] =
      'Give both the text and the address of the support link, or neither';
  } else if (supportUrl !== undefined && !isSupportLinkUrl(supportUrl)) {
    errors.support_url = 'Must be an https:// address or a mailto: link';
  }
  const parsed = JSON.parse(
    JSON.stringify({
      logo_asset_id: set(draft.logo),
      colors,
      typography: { heading_font: set(draft.heading_font), body_font: set(draft.body_font) },
      copy: {
        headline: set(draft.headline),
        subheadline: set(draft.subheadline),
        footer: set(draft.footer),
      },
      support_link:
        supportText && supportUrl && !errors.support_url
          ? { text: supportText, url: supportUrl }
          : undefined,
    }),
    // Groups left without a value are dropped: an empty object would set nothing anyway.
    (_key, value: unknown) =>
      value && typeof value === 'object' && Object.keys(value).length === 0 ? undefined : value,
  ) as BrandingProfile | undefined;
  return { profile: parsed ?? {}, errors };
}

/** What the page would show with `own` saved: the inherited profile, field by field under it. */
export function previewOf(screen: LoginScreen, own: BrandingProfile): BrandingProfile {
  let merged: BrandingProfile = {};
  const applies = screen.chain.at(-1)?.applies ?? true;
  for (const field of BRANDING_PROFILE_FIELDS) {
    const mine = applies ? readProfileField(own, field) : undefined;
    const value = mine ?? readProfileField(screen.inherited.branding_profile, field);
    if (value === undefined) continue;
    merged = writeProfileField(merged, field, value);
  }
  // Assembled from fields of two valid profiles.
  return merged;
}
