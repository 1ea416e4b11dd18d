import type { Db } from '@aiconnected/db';
import { recordAudit, requireCapability, translateWriteError } from '@aiconnected/access';
import { ShellError, type BrandingAsset, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { assetInvalid } from './asset-invalid';
import { ASSET_COLUMNS, toBrandingAsset, type AssetRow } from './asset-record';
import { findEditableBrandingAsset } from './find-editable-branding-asset';
import { notifyBrandingAssetChange } from './notify-branding-asset-change';

export interface SetBrandingAssetActiveInput {
  actor: WorkspaceContext;
  assetId: string;
  correlationId: string;
}

/** Two activations of the same type at once: one wins, the other is told to retry. */
const ONE_ACTIVE_PER_TYPE = {
  branding_assets_one_active_per_type_key: (what: string, cause: unknown) =>
    new ShellError('CONFLICT', `${what}: another asset of the type was activated at once`, {
      cause,
    }),
};

/**
 * Makes an uploaded, clean asset its workspace's active one of its type
 * (`POST /branding/assets/{id}/activate`): `branding.edit` in the asset's workspace; the
 * previous active asset of the type is deactivated in the same transaction (the partial unique
 * index keeps one). A pending or rejected asset: `BRANDING_ASSET_INVALID` (`not_uploaded`).
 * Audited as `branding_asset.activate`; activating the active asset changes nothing.
 */
export async function activateBrandingAsset(
  db: Db,
  input: SetBrandingAssetActiveInput,
): Promise<BrandingAsset> {
  const { actor } = input;
  // Checked in the request's claims first: without branding.edit anywhere, an existing and a
  // random id get the same answer.
  requireCapability(actor.permissions, 'branding.edit', 'activating a branding asset');
  return db.withWorkspace(actor, async (tx) => {
    const asset = await findEditableBrandingAsset(
      tx,
      actor,
      input.assetId,
      'activating a branding asset',
    );
    if (asset.scan_status !== 'clean' || asset.uploaded_at === null) {
      throw assetInvalid('not_uploaded', `asset ${asset.id} is ${asset.scan_status}`, {
        scan_status: asset.scan_status,
      });
    }
    if (asset.active) return toBrandingAsset(asset);
    let row: AssetRow | undefined;
    let previous: string | null = null;
    try {
      const cleared = await tx.query<{ id: string }>(
        `update public.branding_assets set active = false
          where workspace_id = $1 and asset_type = $2 and active returning id`,
        [asset.workspace_id, asset.asset_type],
      );
      previous = cleared.rows[0]?.id ?? null;
      const updated = await tx.query<AssetRow>(
        `update public.branding_assets as a set active = true where a.id = $1
          returning ${ASSET_COLUMNS}`,
        [asset.id],
      );
      row = updated.rows[0];
    } catch (error) {
      translateWriteError(error, 'activate branding asset', ONE_ACTIVE_PER_TYPE);
    }
    if (!row) throw new Error(`activation of ${asset.id} updated no row`);
    await notifyBrandingAssetChange(tx, asset.workspace_id);
    await recordAudit(tx, actor, {
      workspaceId: asset.workspace_id,
      action: 'branding_asset.activate',
      targetType: 'branding_asset',
      targetId: asset.id,
      metadata: { asset_type: asset.asset_type, previous_asset_id: previous },
      correlationId: input.correlationId,
    });
    return toBrandingAsset(row);
  });
}
