/**
 * Where accepted asset files live, by key `<sha256>.<ext>` (content-addressed: identical
 * files share one object, and a key's bytes never change, so they are served as immutable).
 * `createDiskAssetStorage` locally, `createS3AssetStorage` for an S3-compatible store
 * (Supabase Storage): the same two calls.
 */
export interface AssetStorage {
  /** Stores `bytes` under `key`; a key already stored is left as it is (same content). */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes under `key`, or null when nothing is stored there. */
  get(key: string): Promise<Buffer | null>;
}

/** The storage keys we write and serve: a sha256 and one of the stored extensions. */
export const ASSET_STORAGE_KEY = /^[0-9a-f]{64}\.(png|jpg|webp)$/;

/** The content type of each stored extension (the key's `<ext>`). */
export const ASSET_CONTENT_TYPES = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
} as const;
