import type { GoverningMembership } from '@aiconnected/permissions';
import { ShellError, type ModulePageResolution } from '@aiconnected/sdk-contracts';
import { entryUrlRefusal, type ModuleEntryRules } from '../installations/entry-url-refusal';
import { matchModulePage } from '../installations/match-module-page';
import { moduleUseRefusal } from '../installations/module-use-refusal';
import { satisfiesMinimumRole } from '../installations/satisfies-minimum-role';
import { enabledModuleOf } from './enabled-module-of';
import type { ModuleSnapshot } from './module-snapshot';

/**
 * The admin page `path` of `moduleKey` opens in the snapshot's workspace for a caller whose
 * governing memberships are `memberships`, or the refusal, in `resolveModulePage`'s order:
 * `MODULE_NOT_REGISTERED`, `MODULE_NOT_ENABLED` (`details.state`) (`enabledModuleOf`), billing
 * (`BILLING_SUSPENDED` / `BILLING_REQUIRED` for a paid module), `NOT_FOUND`, `PERMISSION_DENIED`
 * (`details.minimum_role`). Its `entry_origin` is the module UI's origin when `rules` let this
 * deployment frame it (`entryUrlRefusal`), else null.
 */
export function pageOfSnapshot(
  snapshot: ModuleSnapshot,
  memberships: readonly GoverningMembership[],
  moduleKey: string,
  path: string,
  rules: ModuleEntryRules,
): ModulePageResolution {
  const { manifest, version } = enabledModuleOf(snapshot, moduleKey);
  if (manifest.paid === true) {
    // Read with the snapshot whenever an enabled module is paid.
    const refusal = snapshot.entitlement === null ? null : moduleUseRefusal(snapshot.entitlement);
    if (refusal !== null) throw refusal;
  }
  const page = matchModulePage(manifest.admin.pages, path);
  if (page === null) {
    throw new ShellError('NOT_FOUND', `module ${moduleKey} has no admin page ${path}`, {
      userMessage: 'This module has no such page.',
      details: { module_key: moduleKey, path },
    });
  }
  const minimumRole = page.minimumRole ?? 'member';
  if (!satisfiesMinimumRole(memberships, minimumRole)) {
    throw new ShellError('PERMISSION_DENIED', `module page needs ${minimumRole}`, {
      userMessage: 'Your role in this workspace does not include this page of the module.',
      details: { module_key: moduleKey, minimum_role: minimumRole },
    });
  }
  return {
    workspace_id: snapshot.workspaceId,
    module_key: moduleKey,
    name: manifest.name,
    version,
    entry_origin: entryOriginOf(manifest.frontend, rules),
    page: { path: page.path, title: page.title, minimum_role: minimumRole },
  };
}

/** The origin of a module's UI when this deployment may frame it, else null. */
function entryOriginOf(
  frontend: { entryUrl: string } | null,
  rules: ModuleEntryRules,
): string | null {
  if (frontend === null || entryUrlRefusal(frontend.entryUrl, rules) !== null) return null;
  return new URL(frontend.entryUrl).origin;
}
