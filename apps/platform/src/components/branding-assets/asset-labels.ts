import {
  BRANDING_ASSET_LIMITS,
  type BrandingAssetType,
  type EffectiveBrandingAsset,
} from '@aiconnected/sdk-contracts';

/** Each asset type as the logos screen names and explains it. */
export const ASSET_TYPE_LABELS: Record<
  BrandingAssetType,
  {
    title: string;
    description: string;
    /** What shows while none is set here or above. */
    whenNone: string;
  }
> = {
  logo: {
    title: 'Logo',
    description: 'Shown at the top left of the app in light mode, instead of the product name.',
    whenNone: 'the app shows the product name.',
  },
  logo_dark: {
    title: 'Logo for dark mode',
    description: 'Shown in the app header in dark mode. Without it, the logo is used.',
    whenNone: 'dark mode uses the logo.',
  },
  favicon: {
    title: 'Favicon',
    description: 'The small icon in the browser tab. Square images work best.',
    whenNone: 'the app shows its default.',
  },
  login_logo: {
    title: 'Sign-in logo',
    description: 'Shown above the sign-in form of your domains.',
    whenNone: 'the sign-in page shows the logo.',
  },
  login_background: {
    title: 'Sign-in background',
    description: 'A large image behind the sign-in form.',
    whenNone: 'the sign-in page has no background image.',
  },
};

/** 1048576 -> "1 MB" (binary units, as the limits are set). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** "PNG, JPEG or WebP, up to 1 MB." */
export function limitText(type: BrandingAssetType): string {
  return `PNG, JPEG or WebP, up to ${formatBytes(BRANDING_ASSET_LIMITS[type].maxBytes)}.`;
}

/** Where the effective asset comes from, in words. */
export function sourceText(
  type: BrandingAssetType,
  effective: EffectiveBrandingAsset | null,
): string {
  if (effective === null) return `None set here or above: ${ASSET_TYPE_LABELS[type].whenNone}`;
  return effective.inherited
    ? `Inherited from ${effective.source_workspace_name}.`
    : 'Set for this workspace.';
}

/** `/api/branding/files/<sha256>.png` -> its first 8 hex digits: the same image, the same code. */
export function contentCode(url: string | null): string | null {
  const match = url ? /\/([0-9a-f]{8})[0-9a-f]*\.[a-z]+$/.exec(url) : null;
  return match?.[1] ?? null;
}
