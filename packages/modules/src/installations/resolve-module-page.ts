import type { Db } from '@aiconnected/db';
import type { ModulePageResolution } from '@aiconnected/sdk-contracts';
import { pageOfSnapshot } from '../navigation/page-of-snapshot';
import { readActorSnapshot, type ModuleLookupInput } from '../navigation/read-actor-snapshot';
import type { ModuleEntryRules } from './entry-url-refusal';

export interface ResolveModulePageInput extends ModuleLookupInput {
  moduleKey: string;
  /** The path below `/w/{workspace}/m/{module}`, e.g. `/` or `/notes/42`. */
  path: string;
  /** Where this deployment may frame a module UI from: `entry_origin` is null otherwise. */
  rules: ModuleEntryRules;
}

/**
 * What the shell's module page route shows for `/w/{workspace}/m/{module}{path}`
 * (`GET /modules/{key}/page`), for any member who can see the workspace
 * (`WORKSPACE_FORBIDDEN` otherwise), in this order: `MODULE_NOT_REGISTERED` when the key has
 * no registered current version; `MODULE_NOT_ENABLED` (`details.state`: `not_installed`,
 * `installed`, `disabled` or `uninstalled`) unless it is enabled there; for a paid module whose
 * workspace's billing no longer allows its use (`moduleUseRefusal`: suspended, canceled or no
 * account; grace still allows it) `BILLING_SUSPENDED` / `BILLING_REQUIRED`; `NOT_FOUND` when no
 * admin page of the installed version matches the path; `PERMISSION_DENIED`
 * (`details.minimum_role`) when the caller's role there does not satisfy the page's
 * `minimumRole` (default `member`, `satisfiesMinimumRole`). `entry_origin` is the module UI's
 * origin, null without a UI or when `rules` refuse its entry URL (`entryUrlRefusal`). Reads only; nothing is audited. In
 * the caller's active workspace, with the guard's memberships and the process's cache, it is
 * answered from the workspace's module snapshot (`readActorSnapshot`, `pageOfSnapshot`).
 */
export async function resolveModulePage(
  db: Db,
  input: ResolveModulePageInput,
): Promise<ModulePageResolution> {
  const { snapshot, memberships } = await readActorSnapshot(db, input);
  return pageOfSnapshot(snapshot, memberships, input.moduleKey, input.path, input.rules);
}
