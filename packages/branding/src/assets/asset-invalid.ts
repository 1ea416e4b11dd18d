import { ShellError, type BrandingAssetInvalidReason } from '@aiconnected/sdk-contracts';

/** The user-facing sentence of each refusal (the envelope's `details.reason` is the stable part). */
const MESSAGES: Record<BrandingAssetInvalidReason, string> = {
  unsupported_type: 'Upload a PNG, JPEG or WebP image.',
  type_mismatch:
    'The file’s contents do not match its type. Export it again as the type it claims.',
  too_large: 'The file is larger than allowed for this kind of asset.',
  undecodable: 'The image could not be read. It may be damaged or too large in pixels.',
  scan_failed: 'The file did not pass the malware scan.',
  bad_signature: 'This upload link is not valid. Ask for a new one.',
  expired: 'This upload link has expired. Start the upload again.',
  used: 'This upload link was used already. Start the upload again.',
  incomplete: 'The upload was cut off before the whole file arrived. Start the upload again.',
  not_uploaded: 'Only an uploaded file that passed its checks can be activated.',
};

/** `BRANDING_ASSET_INVALID` (422) with `details.reason` and whatever else explains it. */
export function assetInvalid(
  reason: BrandingAssetInvalidReason,
  internal: string,
  details: Record<string, unknown> = {},
): ShellError {
  return new ShellError('BRANDING_ASSET_INVALID', internal, {
    userMessage: MESSAGES[reason],
    details: { reason, ...details },
  });
}
