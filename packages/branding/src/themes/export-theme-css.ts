import type { Db } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { exportTweakcnCss, resolveTheme } from '@aiconnected/theme';
import { loadActorView, requireWorkspaceAccess } from '@aiconnected/access';
import { readThemeChain, toThemeLayers } from './read-theme-chain';

export interface ExportThemeCssInput {
  actor: WorkspaceContext;
  /** Default: the active workspace. */
  workspaceId?: string;
}

/**
 * A workspace's effective theme as TweakCN's "Tailwind v3" CSS (`GET /themes/current/css`),
 * for pasting into TweakCN or a Tailwind project. Readable as `GET /themes/current`.
 */
export async function exportThemeCss(db: Db, input: ExportThemeCssInput): Promise<string> {
  const { actor } = input;
  const workspaceId = input.workspaceId ?? actor.workspace_id;
  return db.withWorkspace(actor, async (tx) => {
    await requireWorkspaceAccess(await loadActorView(tx, actor), workspaceId);
    return exportTweakcnCss(resolveTheme(toThemeLayers(await readThemeChain(tx, workspaceId))));
  });
}
