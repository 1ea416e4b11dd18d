import type { AssetScanner } from './asset-scanner';
import type { AssetStorage } from './asset-storage';

/** What uploads need from the process (built once by the platform's runtime, or a test). */
export interface BrandingAssetServices {
  /** The HMAC key of upload URLs (`BRANDING_UPLOAD_SIGNING_KEY`, or `.data/` locally). */
  signingKey: Buffer;
  storage: AssetStorage;
  scanner: AssetScanner;
  /** How long an upload URL is valid. Default 10 minutes. */
  uploadUrlTtlSeconds?: number;
}

export const DEFAULT_UPLOAD_URL_TTL_SECONDS = 10 * 60;
