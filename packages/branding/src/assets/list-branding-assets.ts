import type { Db } from '@aiconnected/db';
import { loadActorView, requireWorkspaceAccess } from '@aiconnected/access';
import type { BrandingAssetList, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { ASSET_COLUMNS, toBrandingAsset, type AssetRow } from './asset-record';
import { readEffectiveBrandingAssets } from './read-effective-branding-assets';

export interface ListBrandingAssetsInput {
  actor: WorkspaceContext;
  /** Default: the active workspace. */
  workspaceId?: string;
}

/** The most assets listed: a workspace keeps a handful of logos, not a library. */
const LIST_LIMIT = 100;

/**
 * `GET /branding/assets`: a workspace in the actor's scope (`WORKSPACE_FORBIDDEN` otherwise;
 * any member may read, since every page shows the logo): its own uploaded and refused assets,
 * newest first (at most 100; URLs asked for but never used are left out), and per type the
 * effective asset with the workspace it comes from (business -> agency -> super).
 */
export async function listBrandingAssets(
  db: Db,
  input: ListBrandingAssetsInput,
): Promise<BrandingAssetList> {
  const { actor } = input;
  const workspaceId = input.workspaceId ?? actor.workspace_id;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireWorkspaceAccess(view, workspaceId);
    const { rows } = await tx.query<AssetRow>(
      `select ${ASSET_COLUMNS} from public.branding_assets as a
        where a.workspace_id = $1 and a.scan_status <> 'pending'
        order by a.created_at desc, a.id desc limit ${LIST_LIMIT}`,
      [workspaceId],
    );
    return {
      workspace_id: workspaceId,
      assets: rows.map(toBrandingAsset),
      effective: await readEffectiveBrandingAssets(tx, workspaceId),
    };
  });
}
