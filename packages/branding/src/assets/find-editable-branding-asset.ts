import type { Tx } from '@aiconnected/db';
import { loadActorView, requireWorkspaceCapability } from '@aiconnected/access';
import { ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { ASSET_COLUMNS, type AssetRow } from './asset-record';

/**
 * The asset `assetId` as the actor's transaction sees it (RLS: assets of visible workspaces),
 * once the actor holds `branding.edit` in its workspace: `NOT_FOUND` alike for another
 * tenant's asset and for no asset. `what` names the change in a refusal.
 */
export async function findEditableBrandingAsset(
  tx: Tx,
  actor: WorkspaceContext,
  assetId: string,
  what: string,
): Promise<AssetRow> {
  const view = await loadActorView(tx, actor);
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
  await requireWorkspaceCapability(view, row.workspace_id, 'branding.edit', what);
  return row;
}
