import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  cacheAssetStorage,
  createBuiltinScanner,
  createClamdScanner,
  createDiskAssetStorage,
  createS3AssetStorage,
  type AssetStorage,
  type BrandingAssetServices,
} from '@aiconnected/branding';
import type { Env } from '@/env';
import { LOCAL_DATA_DIR, readOrCreateLocalSecret } from './local-data';

/**
 * The local upload signing key: 48 random bytes made once into `.data/`, so upload URLs
 * survive a restart. Staging and production must set BRANDING_UPLOAD_SIGNING_KEY (env.ts).
 */
function localSigningKey(): Buffer {
  const key = readOrCreateLocalSecret('branding-upload-signing-key', () =>
    randomBytes(48).toString('base64'),
  );
  return Buffer.from(key, 'utf8');
}

/**
 * The S3 reads cache (docs/branding.md "Storage"): files are immutable, so found ones are kept
 * in memory up to 32 MiB (hundreds of re-encoded logos); a missing key reads as missing for
 * 10 s, so repeated or random file URLs do not each cost a billed store request.
 */
const S3_READ_CACHE = { maxBytes: 32 * 1024 * 1024, missTtlMs: 10_000 } as const;

/** Where accepted files go: BRANDING_STORAGE=s3 (BRANDING_S3_*, env.ts checks them), else disk. */
function assetStorageFromEnv(environment: Env): AssetStorage {
  const {
    BRANDING_S3_ENDPOINT: endpoint,
    BRANDING_S3_BUCKET: bucket,
    BRANDING_S3_ACCESS_KEY_ID: accessKeyId,
    BRANDING_S3_SECRET_ACCESS_KEY: secretAccessKey,
  } = environment;
  if (environment.BRANDING_STORAGE === 'disk') {
    return createDiskAssetStorage(
      environment.BRANDING_STORAGE_DIR ?? path.join(LOCAL_DATA_DIR, 'branding-assets'),
    );
  }
  if (!endpoint || !bucket || !accessKeyId || !secretAccessKey) {
    throw new Error('BRANDING_STORAGE=s3 needs BRANDING_S3_* (loadEnv checks them)');
  }
  const region = environment.BRANDING_S3_REGION;
  return cacheAssetStorage(
    createS3AssetStorage({ endpoint, bucket, region, accessKeyId, secretAccessKey }),
    S3_READ_CACHE,
  );
}

/**
 * What branding uploads need, as the environment says: the signing key, the storage (disk in
 * BRANDING_STORAGE_DIR, else `.data/branding-assets`; or an S3-compatible store) and clamd
 * when CLAMD_URL is set, else the built-in scanner (no antivirus; EICAR refused).
 */
export function brandingAssetServicesFromEnv(environment: Env): BrandingAssetServices {
  return {
    signingKey: environment.BRANDING_UPLOAD_SIGNING_KEY
      ? Buffer.from(environment.BRANDING_UPLOAD_SIGNING_KEY, 'utf8')
      : localSigningKey(),
    storage: assetStorageFromEnv(environment),
    scanner: environment.CLAMD_URL
      ? createClamdScanner({ url: environment.CLAMD_URL })
      : createBuiltinScanner(),
  };
}
