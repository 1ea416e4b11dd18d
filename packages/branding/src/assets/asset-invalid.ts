import {
  BRANDING_ASSET_INVALID_MESSAGES,
  ShellError,
  type BrandingAssetInvalidReason,
} from '@aiconnected/sdk-contracts';

/**
 * `BRANDING_ASSET_INVALID` (422) with `details.reason` and whatever else explains it; the
 * reason's message unless a more precise one is given.
 */
export function assetInvalid(
  reason: BrandingAssetInvalidReason,
  internal: string,
  details: Record<string, unknown> = {},
  userMessage: string = BRANDING_ASSET_INVALID_MESSAGES[reason],
): ShellError {
  return new ShellError('BRANDING_ASSET_INVALID', internal, {
    userMessage,
    details: { reason, ...details },
  });
}
