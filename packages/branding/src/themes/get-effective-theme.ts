import type { Db } from '@aiconnected/db';
import { loadActorView, requireWorkspaceAccess } from '@aiconnected/access';
import type { ThemeState, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { resolveTheme } from '@aiconnected/theme';
import { readThemeChain, toThemeLayers, type ThemeChainRow } from './read-theme-chain';

export interface GetEffectiveThemeInput {
  actor: WorkspaceContext;
  /** Default: the active workspace. */
  workspaceId?: string;
}

/**
 * A workspace's theme (`GET /themes/current`): its own overlay and version, and its effective
 * theme resolved super baseline -> agency -> business with the source (and lock) of every
 * token. Any member of a workspace the actor can see may read it (it is what their pages
 * render); any other id, existing or not, is `WORKSPACE_FORBIDDEN`.
 */
export async function getEffectiveTheme(
  db: Db,
  input: GetEffectiveThemeInput,
): Promise<ThemeState> {
  const { actor } = input;
  const workspaceId = input.workspaceId ?? actor.workspace_id;
  return db.withWorkspace(actor, async (tx) => {
    const access = await requireWorkspaceAccess(await loadActorView(tx, actor), workspaceId);
    const chain = await readThemeChain(tx, workspaceId);
    return toThemeState(chain, workspaceId, access.capabilities.includes('branding.edit'));
  });
}

/** The answer of `GET /themes/current` for a chain read by `readThemeChain`. */
function toThemeState(
  chain: readonly ThemeChainRow[],
  workspaceId: string,
  canEdit: boolean,
): ThemeState {
  const own = chain.find((row) => row.workspace_id === workspaceId);
  const nearest = chain.findLast((row) => row.version !== null);
  return {
    workspace_id: workspaceId,
    theme_tokens: own?.token_payload ?? {},
    version: own?.version ?? null,
    source_workspace_id: nearest?.workspace_id ?? null,
    effective: resolveTheme(toThemeLayers(chain)),
    inherited: resolveTheme(toThemeLayers(chain.filter((row) => row.workspace_id !== workspaceId))),
    chain: chain.map((row) => ({
      workspace_id: row.workspace_id,
      name: row.workspace_name,
      type: row.workspace_type,
      version: row.version,
    })),
    can_edit: canEdit,
  };
}
