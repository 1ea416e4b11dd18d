// Branding assets (PRD §15.1, §25.3): signed single-use uploads, content checks, re-encoding,
// the scan hook, content-addressed storage, activation and inheritance.
export { activateBrandingAsset, type SetBrandingAssetActiveInput } from './activate-branding-asset';
export { assetFileUrl } from './asset-record';
export type { AssetScanner, AssetScanResult } from './asset-scanner';
export { ASSET_STORAGE_KEY, type AssetStorage } from './asset-storage';
export {
  DEFAULT_UPLOAD_URL_TTL_SECONDS,
  type BrandingAssetServices,
} from './branding-asset-services';
export { cacheAssetStorage, type AssetStorageCacheOptions } from './cache-asset-storage';
export { createAssetUploadUrl, type CreateAssetUploadUrlInput } from './create-asset-upload-url';
export { createBuiltinScanner, EICAR_TEST_STRING } from './create-builtin-scanner';
export { createClamdScanner, type ClamdScannerOptions } from './create-clamd-scanner';
export { createDiskAssetStorage } from './create-disk-asset-storage';
export { createS3AssetStorage, type S3AssetStorageOptions } from './create-s3-asset-storage';
export {
  createWorkspaceLogosCache,
  type WorkspaceLogos,
  type WorkspaceLogosCache,
  type WorkspaceLogosCacheOptions,
} from './create-workspace-logos-cache';
export { deactivateBrandingAsset } from './deactivate-branding-asset';
export { listBrandingAssets, type ListBrandingAssetsInput } from './list-branding-assets';
export {
  purgeUnusedAssetUploads,
  startUploadPurge,
  UPLOAD_PURGE_GRACE_MS,
  type UploadPurgeOptions,
} from './purge-unused-asset-uploads';
export { readBrandingAssetFile, type BrandingAssetFile } from './read-branding-asset-file';
export {
  readEffectiveBrandingAssets,
  type EffectiveBrandingAssets,
} from './read-effective-branding-assets';
export { uploadBrandingAsset, type UploadBrandingAssetInput } from './upload-branding-asset';
