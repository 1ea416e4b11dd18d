import { ASSET_CONTENT_TYPES, ASSET_STORAGE_KEY, type AssetStorage } from './asset-storage';
import { assetStoreUnavailable } from './asset-store-unavailable';

/** A stored file and its content type. */
export interface BrandingAssetFile {
  bytes: Buffer;
  contentType: string;
}

/**
 * The stored file `<sha256>.<ext>` (`GET /branding/files/{file}`), from storage, never
 * the database; null for a name that is not a storage key or names nothing stored. Public:
 * sign-in pages show logos before anyone signs in, and a content hash cannot be guessed. A
 * store that fails to answer is `SERVICE_UNAVAILABLE` (`assetStoreUnavailable`).
 */
export async function readBrandingAssetFile(
  storage: AssetStorage,
  file: string,
): Promise<BrandingAssetFile | null> {
  const match = ASSET_STORAGE_KEY.exec(file);
  if (!match) return null;
  let bytes: Buffer | null;
  try {
    bytes = await storage.get(file);
  } catch (error) {
    throw assetStoreUnavailable(`read ${file}`, error);
  }
  if (bytes === null) return null;
  return { bytes, contentType: ASSET_CONTENT_TYPES[match[1] as keyof typeof ASSET_CONTENT_TYPES] };
}
