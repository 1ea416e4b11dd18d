import type { Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { ASSET_COLUMNS, type AssetRow } from './asset-record';

/**
 * The asset `assetId` as the actor's transaction sees it (RLS: assets of visible workspaces):
 * `NOT_FOUND` alike for another tenant's asset and for no asset.
 */
export async function findBrandingAsset(tx: Tx, assetId: string): Promise<AssetRow> {
  const { rows } = await tx.query<AssetRow>(
    `select ${ASSET_COLUMNS} from public.branding_assets as a where a.id = $1`,
    [assetId],
  );
  const row = rows[0];
  if (!row) {
    throw new ShellError('NOT_FOUND', `branding asset ${assetId} is not visible to the actor`, {
      details: { asset_id: assetId },
    });
  }
  return row;
}
