import type { Db } from '@aiconnected/db';
import { recordAudit, requireCapability, translateWriteError } from '@aiconnected/access';
import type { BrandingAsset } from '@aiconnected/sdk-contracts';
import type { SetBrandingAssetActiveInput } from './activate-branding-asset';
import { ASSET_COLUMNS, toBrandingAsset, type AssetRow } from './asset-record';
import { findEditableBrandingAsset } from './find-editable-branding-asset';
import { notifyBrandingAssetChange } from './notify-branding-asset-change';

/**
 * Stops using an asset (`POST /branding/assets/{id}/deactivate`): `branding.edit` in its
 * workspace; the type then inherits from the parent again. Audited as
 * `branding_asset.deactivate`; an inactive asset is answered unchanged.
 */
export async function deactivateBrandingAsset(
  db: Db,
  input: SetBrandingAssetActiveInput,
): Promise<BrandingAsset> {
  const { actor } = input;
  // Checked in the request's claims first: without branding.edit anywhere, an existing and a
  // random id get the same answer.
  requireCapability(actor.permissions, 'branding.edit', 'deactivating a branding asset');
  return db.withWorkspace(actor, async (tx) => {
    const asset = await findEditableBrandingAsset(
      tx,
      actor,
      input.assetId,
      'deactivating a branding asset',
    );
    if (!asset.active) return toBrandingAsset(asset);
    let row: AssetRow | undefined;
    try {
      const updated = await tx.query<AssetRow>(
        `update public.branding_assets as a set active = false where a.id = $1
          returning ${ASSET_COLUMNS}`,
        [asset.id],
      );
      row = updated.rows[0];
    } catch (error) {
      translateWriteError(error, 'deactivate branding asset', {});
    }
    if (!row) throw new Error(`deactivation of ${asset.id} updated no row`);
    await notifyBrandingAssetChange(tx, asset.workspace_id);
    await recordAudit(tx, actor, {
      workspaceId: asset.workspace_id,
      action: 'branding_asset.deactivate',
      targetType: 'branding_asset',
      targetId: asset.id,
      metadata: { asset_type: asset.asset_type },
      correlationId: input.correlationId,
    });
    return toBrandingAsset(row);
  });
}
