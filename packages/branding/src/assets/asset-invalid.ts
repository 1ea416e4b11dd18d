import {
  BRANDING_ASSET_INVALID_MESSAGES,
  ShellError,
  type BrandingAssetInvalidReason,
} from '@aiconnected/sdk-contracts';

/** `BRANDING_ASSET_INVALID` (422) with `details.reason` and whatever else explains it. */
export function assetInvalid(
  reason: BrandingAssetInvalidReason,
  internal: string,
  details: Record<string, unknown> = {},
): ShellError {
  return new ShellError('BRANDING_ASSET_INVALID', internal, {
    userMessage: BRANDING_ASSET_INVALID_MESSAGES[reason],
    details: { reason, ...details },
  });
}
