import { createHmac } from 'node:crypto';

/** What an upload URL is bound to: the signature covers every field. */
export interface AssetUploadClaims {
  assetId: string;
  workspaceId: string;
  assetType: string;
  sizeBytes: number;
  /** Unix seconds. */
  expiresAt: number;
}

/**
 * The signature of an upload URL: HMAC-SHA256 with the deployment's key over the asset, its
 * workspace, type, declared size and expiry (base64url). Changing any of them, or the expiry
 * in the URL, breaks it.
 */
export function signAssetUpload(key: Buffer, claims: AssetUploadClaims): string {
  const payload = [
    'branding-asset-upload.v1',
    claims.assetId,
    claims.workspaceId,
    claims.assetType,
    String(claims.sizeBytes),
    String(claims.expiresAt),
  ].join('\n');
  return createHmac('sha256', key).update(payload, 'utf8').digest('base64url');
}
