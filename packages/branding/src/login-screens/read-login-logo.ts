import { asServiceRole, type Tx } from '@aiconnected/db';
import { assetFileUrl } from '../assets';

/** The asset types a sign-in page may show as its logo. */
const LOGO_TYPES = ['logo', 'logo_dark', 'login_logo'];

/**
 * The file URL of asset `assetId` when a login screen of the chain `chainWorkspaceIds` (the
 * workspace and its ancestors) may show it: a logo-type asset of one of those workspaces,
 * uploaded and scanned clean. Null otherwise, alike for a missing asset, another tenant's or a
 * rejected one. Read past RLS (a business member cannot see its agency's assets, the sign-in
 * page has no session); the chain is what scopes it.
 */
export async function readLoginLogo(
  tx: Tx,
  assetId: string,
  chainWorkspaceIds: readonly string[],
): Promise<string | null> {
  const { rows } = await asServiceRole(tx, 'branding: the logo of a login screen', () =>
    tx.query<{ storage_path: string }>(
      `select a.storage_path from public.branding_assets as a
        where a.id = $1 and a.workspace_id = any($2::uuid[]) and a.asset_type = any($3::text[])
          and a.scan_status = 'clean' and a.uploaded_at is not null and a.storage_path is not null`,
      [assetId, chainWorkspaceIds, LOGO_TYPES],
    ),
  );
  const path = rows[0]?.storage_path;
  return path === undefined ? null : assetFileUrl(path);
}
