import type { Db } from '@aiconnected/db';
import { loadActorView, requireWorkspaceCapability } from '@aiconnected/access';
import type { ThemeSaveResult, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { writeThemeVersion } from './write-theme-version';

export interface SaveThemeInput {
  actor: WorkspaceContext;
  /** Default: the active workspace. */
  workspaceId?: string;
  /** The workspace's whole overlay (untrusted; validated by the theme engine). */
  themeTokens: unknown;
  changeNote: string;
  correlationId: string;
  /** The version the editor loaded (null: none); another one is current -> `CONFLICT`. */
  baseVersion?: number | null;
}

/**
 * Saves a new version of a workspace's theme (`PUT /themes/current`). Needs `branding.edit`
 * in that workspace: super for the baseline, an agency's admins and managers for the agency
 * and its businesses, a business's for its own (`PERMISSION_DENIED`; a workspace not visible
 * is `WORKSPACE_FORBIDDEN`). The rules of the write are `writeThemeVersion`'s.
 */
export async function saveTheme(db: Db, input: SaveThemeInput): Promise<ThemeSaveResult> {
  const { actor } = input;
  const workspaceId = input.workspaceId ?? actor.workspace_id;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireWorkspaceCapability(view, workspaceId, 'branding.edit', 'editing the theme');
    return writeThemeVersion(tx, { ...input, workspaceId });
  });
}
