import { loadActorView, requirePlatformCapability } from '@aiconnected/access';
import type { Db } from '@aiconnected/db';
import type { ModuleRegistryModule, WorkspaceContext } from '@aiconnected/sdk-contracts';
import semver from 'semver';
import { notRegistered } from './not-registered';
import {
  REGISTRY_COLUMNS,
  REGISTRY_FROM,
  toRegistryRecord,
  type RegistryRow,
} from './registry-record';

/**
 * One module with every version in the registry, highest semver first, each with its
 * manifest and report (`GET /modules/registry/{key}`), and its current version.
 * `MODULE_NOT_REGISTERED` when the registry holds no row of the key. Needs `modules.install`
 * in the platform workspace.
 */
export async function readRegistryModule(
  db: Db,
  actor: WorkspaceContext,
  moduleKey: string,
): Promise<ModuleRegistryModule> {
  return db.withWorkspace(actor, async (tx) => {
    requirePlatformCapability(
      await loadActorView(tx, actor),
      'modules.install',
      'reading the registry',
    );
    const { rows } = await tx.query<RegistryRow>(
      `select ${REGISTRY_COLUMNS} from ${REGISTRY_FROM} where r.module_key = $1`,
      [moduleKey],
    );
    if (rows.length === 0) throw notRegistered(moduleKey);
    const versions = [...rows].sort((a, b) => semver.rcompare(a.version, b.version));
    return {
      module_key: moduleKey,
      current_version: versions.find((row) => row.is_current)?.version ?? null,
      versions: versions.map(toRegistryRecord),
    };
  });
}
