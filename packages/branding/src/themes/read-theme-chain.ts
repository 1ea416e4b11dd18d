import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import type { ThemeLayer, ThemeOverlay } from '@aiconnected/theme';
import type { WorkspaceType } from '@aiconnected/sdk-contracts';

/** A level of a workspace's ancestry, root first, with its latest theme (migration 028). */
export interface ThemeChainRow {
  depth: number;
  workspace_id: string;
  workspace_type: WorkspaceType;
  workspace_name: string;
  version: number | null;
  token_payload: ThemeOverlay | null;
}

const REASON = 'branding: read the theme chain of a workspace';

/**
 * The ancestry of `workspaceId` (super baseline -> agency -> business) with each level's
 * latest theme, read past RLS (an ancestor's theme is hidden from a business member): the
 * caller has checked the actor may see `workspaceId`. Empty when it does not exist.
 */
export async function readThemeChain(tx: Tx, workspaceId: string): Promise<ThemeChainRow[]> {
  const { rows } = await asServiceRole(tx, REASON, () =>
    tx.query<ThemeChainRow>('select * from shell.theme_chain($1)', [workspaceId]),
  );
  return rows;
}

/** The same read in one round trip, without a session (page emission). */
export async function callThemeChain(
  db: Pick<Db, 'callService'>,
  workspaceId: string,
): Promise<ThemeChainRow[]> {
  return db.callService<ThemeChainRow & Record<string, unknown>>(REASON, 'shell.theme_chain', [
    workspaceId,
  ]);
}

/** The overlays of a chain, root first, as `resolveTheme` takes them. */
export function toThemeLayers(chain: readonly ThemeChainRow[]): ThemeLayer[] {
  return chain.flatMap((row) =>
    row.token_payload === null
      ? []
      : [{ workspace_id: row.workspace_id, overlay: row.token_payload }],
  );
}
