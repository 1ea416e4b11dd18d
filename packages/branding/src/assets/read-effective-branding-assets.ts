import { asServiceRole, type Tx } from '@aiconnected/db';
import {
  BRANDING_ASSET_TYPES,
  type BrandingAssetType,
  type EffectiveBrandingAsset,
} from '@aiconnected/sdk-contracts';
import { ASSET_COLUMNS, toBrandingAsset, type AssetRow } from './asset-record';

export type EffectiveBrandingAssets = Record<BrandingAssetType, EffectiveBrandingAsset | null>;

/**
 * Per type, the active asset a workspace shows: its own, else its agency's, else the super
 * workspace's (logos inherit like theme tokens). Read past RLS (as the service): a business
 * member cannot see its agency's or the platform's rows, yet shows their logos. Callers decide
 * who may ask: a member of the workspace (`listBrandingAssets`), or the sign-in page of the
 * workspace's host. Only active assets, which are clean, are read.
 */
export async function readEffectiveBrandingAssets(
  tx: Tx,
  workspaceId: string,
): Promise<EffectiveBrandingAssets> {
  const { rows } = await asServiceRole(tx, 'branding: effective assets of a workspace', () =>
    tx.query<AssetRow & { source_name: string }>(
      `select distinct on (a.asset_type) ${ASSET_COLUMNS}, chain.workspace_name as source_name
         from shell.workspace_ancestry($1) as chain
         join public.branding_assets as a on a.workspace_id = chain.workspace_id and a.active
        order by a.asset_type, chain.up`,
      [workspaceId],
    ),
  );
  const effective = Object.fromEntries(
    BRANDING_ASSET_TYPES.map((type) => [type, null]),
  ) as EffectiveBrandingAssets;
  for (const row of rows) {
    effective[row.asset_type] = {
      asset: toBrandingAsset(row),
      source_workspace_id: row.workspace_id,
      source_workspace_name: row.source_name,
      inherited: row.workspace_id !== workspaceId,
    };
  }
  return effective;
}
