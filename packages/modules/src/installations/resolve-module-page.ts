import type { Db } from '@aiconnected/db';
import { loadActorView, requireWorkspaceAccess } from '@aiconnected/access';
import {
  ShellError,
  type ModuleManifest,
  type ModulePageResolution,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { notRegistered } from '../registry/not-registered';
import { matchModulePage } from './match-module-page';
import { requireModuleUse } from './require-module-use';
import { satisfiesMinimumRole } from './satisfies-minimum-role';

export interface ResolveModulePageInput {
  actor: WorkspaceContext;
  workspaceId: string;
  moduleKey: string;
  /** The path below `/w/{workspace}/m/{module}`, e.g. `/` or `/notes/42`. */
  path: string;
}

interface PageRow {
  state: string | null;
  manifest: ModuleManifest | null;
  version: string | null;
}

/**
 * What the shell's module page route shows for `/w/{workspace}/m/{module}{path}`
 * (`GET /modules/{key}/page`), for any member who can see the workspace
 * (`WORKSPACE_FORBIDDEN` otherwise), in this order: `MODULE_NOT_REGISTERED` when the key has
 * no registered current version; `MODULE_NOT_ENABLED` (`details.state`: `not_installed`,
 * `installed`, `disabled` or `uninstalled`) unless it is enabled there; for a paid module whose
 * workspace's billing no longer allows its use (`requireModuleUse`: suspended, canceled or no
 * account; grace still allows it) `BILLING_SUSPENDED` / `BILLING_REQUIRED`; `NOT_FOUND` when no
 * admin page of the installed version matches the path; `PERMISSION_DENIED`
 * (`details.minimum_role`) when the caller's role there does not satisfy the page's
 * `minimumRole` (default `member`, `satisfiesMinimumRole`). Reads only; nothing is audited.
 */
export async function resolveModulePage(
  db: Db,
  input: ResolveModulePageInput,
): Promise<ModulePageResolution> {
  const { actor, workspaceId, moduleKey } = input;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    const access = await requireWorkspaceAccess(view, workspaceId);
    const { rows } = await tx.query<PageRow>(
      `select i.state, r.manifest_json as manifest, r.version
         from public.module_catalog c
         left join public.module_installations i
                on i.module_key = c.module_key and i.workspace_id = $2
         left join public.module_registry r
                on r.module_key = i.module_key and r.version = i.module_version
        where c.module_key = $1`,
      [moduleKey, workspaceId],
    );
    const [row] = rows;
    if (!row) throw notRegistered(moduleKey);
    if (row.state !== 'enabled' || row.manifest === null || row.version === null) {
      throw new ShellError('MODULE_NOT_ENABLED', `module ${moduleKey} is not enabled here`, {
        details: { module_key: moduleKey, state: row.state ?? 'not_installed' },
      });
    }
    await requireModuleUse(tx, workspaceId, row.manifest);
    const page = matchModulePage(row.manifest.admin.pages, input.path);
    if (page === null) {
      throw new ShellError('NOT_FOUND', `module ${moduleKey} has no admin page ${input.path}`, {
        userMessage: 'This module has no such page.',
        details: { module_key: moduleKey, path: input.path },
      });
    }
    const minimumRole = page.minimumRole ?? 'member';
    if (!satisfiesMinimumRole(access.memberships, minimumRole)) {
      throw new ShellError('PERMISSION_DENIED', `module page needs ${minimumRole}`, {
        userMessage: 'Your role in this workspace does not include this page of the module.',
        details: { module_key: moduleKey, minimum_role: minimumRole },
      });
    }
    return {
      workspace_id: workspaceId,
      module_key: moduleKey,
      name: row.manifest.name,
      version: row.version,
      page: { path: page.path, title: page.title, minimum_role: minimumRole },
    };
  });
}
