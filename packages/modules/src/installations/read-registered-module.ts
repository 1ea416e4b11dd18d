import type { Tx } from '@aiconnected/db';
import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import { notRegistered } from '../registry/not-registered';

/** A registered version of a module with its manifest. */
export interface RegisteredModule {
  module_key: string;
  version: string;
  /** The module's current version (module_catalog). */
  current_version: string;
  manifest: ModuleManifest;
}

/**
 * The registered version `version` of `moduleKey` (default: its current version, the catalog's
 * pointer), with the module's current version; `MODULE_NOT_REGISTERED` when the module has no
 * current version or that version is not registered. Registered rows are readable by every
 * authenticated request (migration 036; drafts and rejected rows only by the platform); their
 * manifests were validated on import.
 */
export async function readRegisteredModule(
  tx: Tx,
  moduleKey: string,
  version?: string,
): Promise<RegisteredModule> {
  const { rows } = await tx.query<RegisteredModule>(
    `select r.module_key, r.version, c.current_version, r.manifest_json as manifest
       from public.module_catalog c
       join public.module_registry r on r.module_key = c.module_key
                                    and r.version = coalesce($2, c.current_version)
      where c.module_key = $1 and r.status = 'registered'`,
    [moduleKey, version ?? null],
  );
  const [row] = rows;
  if (!row) throw notRegistered(moduleKey);
  return row;
}
