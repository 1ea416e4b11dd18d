import type { Db } from '@aiconnected/db';
import {
  BRIDGE_PROTOCOL_VERSION,
  ShellError,
  type ModuleRuntimeConfig,
} from '@aiconnected/sdk-contracts';
import { enabledModuleOf } from '../navigation/enabled-module-of';
import { pageOfSnapshot } from '../navigation/page-of-snapshot';
import { visibleSettings } from '../navigation/settings-shape';
import { readActorSnapshot, type ModuleLookupInput } from '../navigation/read-actor-snapshot';
import { entryUrlRefusal, type ModuleEntryRules } from './entry-url-refusal';
import { uiTokenModulePermissions } from './module-permissions';

export interface ResolveModuleRuntimeInput extends ModuleLookupInput {
  moduleKey: string;
  /** The module page path below `/w/{workspace}/m/{module}`; default `/`. */
  path?: string;
  rules: ModuleEntryRules;
}

/** `MANIFEST_INVALID` for an entry URL this deployment may not frame. */
function entryRefused(moduleKey: string, reason: string): ShellError {
  return new ShellError('MANIFEST_INVALID', `module ${moduleKey}: entry URL refused (${reason})`, {
    userMessage: "This module's screens cannot be opened here: its address is not allowed.",
    details: { module_key: moduleKey, reason },
  });
}

/**
 * What the shell's module host needs to open a module's UI (`GET /modules/{key}/runtime`):
 * first the module page lookup's refusals for `path` (`resolveModulePage`'s order:
 * `WORKSPACE_FORBIDDEN`, `MODULE_NOT_REGISTERED`, `MODULE_NOT_ENABLED`, billing, `NOT_FOUND`,
 * `PERMISSION_DENIED`); then `NOT_FOUND` (`reason: "no_frontend"`) for a module without a UI;
 * `MANIFEST_INVALID` for an entry URL on plain http outside local mode (`entry_url_insecure`)
 * or on one of the shell's origins (`entry_url_same_origin`: the frame would be the shell
 * itself). The settings are the installation's config cut to the configSchema's declared
 * properties without `writeOnly` ones at any depth (`visibleSettings`, failing closed); `token_permissions` are those granted to the module's UI tokens
 * there that the caller holds (`uiTokenModulePermissions`). Reads only, from the workspace's
 * module snapshot (`readActorSnapshot`).
 */
export async function resolveModuleRuntime(
  db: Db,
  input: ResolveModuleRuntimeInput,
): Promise<ModuleRuntimeConfig> {
  const { moduleKey, rules } = input;
  const { snapshot, memberships, permissions } = await readActorSnapshot(db, input);
  const resolution = pageOfSnapshot(snapshot, memberships, moduleKey, input.path ?? '/', rules);
  // pageOfSnapshot answered: the module is enabled, with its manifest.
  const module = enabledModuleOf(snapshot, moduleKey);
  const { manifest } = module;
  if (manifest.frontend === null) {
    throw new ShellError('NOT_FOUND', `module ${moduleKey} has no UI`, {
      userMessage: 'This module has no screens of its own.',
      details: { module_key: moduleKey, reason: 'no_frontend' },
    });
  }
  const refusal = entryUrlRefusal(manifest.frontend.entryUrl, rules);
  if (refusal !== null) throw entryRefused(moduleKey, refusal);
  return {
    workspace_id: resolution.workspace_id,
    module_key: moduleKey,
    name: resolution.name,
    version: resolution.version,
    entry_url: manifest.frontend.entryUrl,
    entry_origin: new URL(manifest.frontend.entryUrl).origin,
    settings: visibleSettings(module.config ?? {}, manifest.settings),
    capabilities: [...manifest.capabilities],
    bridge_protocol_version: BRIDGE_PROTOCOL_VERSION,
    token_permissions: uiTokenModulePermissions(
      memberships,
      permissions,
      moduleKey,
      manifest.permissions,
      module.tokenPermissions,
    ),
    page: resolution.page,
  };
}
