import type { Tx } from '@aiconnected/db';
import semver from 'semver';
import { setCurrentVersion } from './set-current-version';

/**
 * Makes `version` (a registered row) the module's current version when the module has none
 * yet or `version` is semver-greater than the current one (an import or promotion of a newer
 * release); a lower or equal version stays registered but not current, so publishing a fix
 * for an old line (1.4.1 after 2.0.0) never moves installs back. A prerelease (`2.1.0-beta.1`)
 * never becomes current this way (not even a module's first version): it stays registered,
 * to be made current only by an explicit action. Answers whether it became
 * current. The catalog row is locked (FOR UPDATE), and a first catalog row inserted by a
 * concurrent import is waited for, so concurrent imports of one module compare against each
 * other's result. Written as the actor, like `setCurrentVersion`.
 */
export async function advanceCurrentVersion(
  tx: Tx,
  moduleKey: string,
  version: string,
  userId: string,
): Promise<boolean> {
  if (semver.prerelease(version) !== null) return false;
  const inserted = await tx.query(
    `insert into public.module_catalog (module_key, current_version, updated_by_user_id)
     values ($1, $2, $3)
     on conflict (module_key) do nothing`,
    [moduleKey, version, userId],
  );
  if (inserted.rowCount === 1) return true;
  const { rows } = await tx.query<{ current_version: string }>(
    'select current_version from public.module_catalog where module_key = $1 for update',
    [moduleKey],
  );
  const current = rows[0]?.current_version;
  if (current !== undefined && !semver.gt(version, current)) return false;
  await setCurrentVersion(tx, moduleKey, version, userId);
  return true;
}
