import type { Db, Tx } from '@aiconnected/db';

// Whether each registered module version is paid. A registered version's manifest never changes
// (a new manifest is a new version, as `declaredEmits` relies on), so an entry is valid for the
// life of the process; entries are few (one per module version whose key authenticated or whose
// event a person emitted).
const cache = new Map<string, boolean>();

/**
 * Whether `moduleKey`@`version`'s manifest says `paid: true`: read from the registry (as the
 * service) on first use, then kept, so an emit with a module's key never reads (or detoasts)
 * its manifest for it. Answered as `isPaidVersionIn` answers.
 */
export async function isPaidModuleVersion(
  db: Pick<Db, 'withService'>,
  moduleKey: string,
  version: string,
): Promise<boolean> {
  const cached = cache.get(`${moduleKey}@${version}`);
  if (cached !== undefined) return cached;
  return db.withService('read whether a module version is paid', (tx) =>
    isPaidVersionIn(tx, moduleKey, version),
  );
}

/**
 * `isPaidModuleVersion` in the caller's transaction (`tx` must be able to read
 * `module_registry`): the one place that says what "paid" is. Only a `registered` version
 * counts, as `readModuleSnapshot` reads the registry; a version the registry does not hold as
 * registered is answered as paid (so the billing check applies, fail closed, never as free)
 * and is not kept.
 */
export async function isPaidVersionIn(
  tx: Pick<Tx, 'query'>,
  moduleKey: string,
  version: string,
): Promise<boolean> {
  const key = `${moduleKey}@${version}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const { rows } = await tx.query<{ paid: boolean }>(
    `select coalesce(r.manifest_json -> 'paid' = 'true'::jsonb, false) as paid
       from public.module_registry r
      where r.module_key = $1 and r.version = $2 and r.status = 'registered'`,
    [moduleKey, version],
  );
  const [row] = rows;
  if (row === undefined) return true;
  cache.set(key, row.paid);
  return row.paid;
}
