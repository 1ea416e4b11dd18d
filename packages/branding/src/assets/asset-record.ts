import type {
  BrandingAsset,
  BrandingAssetInvalidReason,
  BrandingAssetType,
} from '@aiconnected/sdk-contracts';

/** The columns every read of an asset selects (`a` is branding_assets). */
export const ASSET_COLUMNS = `a.id, a.workspace_id, a.asset_type, a.mime_type, a.size_bytes, a.width, a.height,
  a.scan_status, a.scan_engine, a.scan_detail, a.rejected_reason, a.active, a.storage_path,
  a.uploaded_at, a.created_at`;

export interface AssetRow {
  id: string;
  workspace_id: string;
  asset_type: BrandingAssetType;
  mime_type: string;
  size_bytes: string;
  width: number | null;
  height: number | null;
  scan_status: BrandingAsset['scan_status'];
  scan_engine: BrandingAsset['scan_engine'];
  scan_detail: string | null;
  rejected_reason: BrandingAssetInvalidReason | null;
  active: boolean;
  storage_path: string | null;
  uploaded_at: Date | null;
  created_at: Date;
}

/** The public address of a stored asset file (served by `GET /branding/files/{file}`). */
export function assetFileUrl(storagePath: string): string {
  return `/api/branding/files/${storagePath}`;
}

/** A row as the API answers it. */
export function toBrandingAsset(row: AssetRow): BrandingAsset {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    asset_type: row.asset_type,
    mime_type: row.mime_type,
    size_bytes: Number(row.size_bytes),
    width: row.width,
    height: row.height,
    scan_status: row.scan_status,
    scan_engine: row.scan_engine,
    scan_detail: row.scan_detail,
    rejected_reason: row.rejected_reason,
    active: row.active,
    url: row.scan_status === 'clean' && row.storage_path ? assetFileUrl(row.storage_path) : null,
    uploaded_at: row.uploaded_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
  };
}
