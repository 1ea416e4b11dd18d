import type { Tx } from '@aiconnected/db';

/**
 * Points `module_catalog` for `moduleKey` at `version` (a registered row: the table's trigger
 * refuses anything else), creating the module's catalog row on its first registered version.
 * Written as the actor: RLS lets only a platform `modules.install` holder write it.
 */
export async function setCurrentVersion(
  tx: Tx,
  moduleKey: string,
  version: string,
  userId: string,
): Promise<void> {
  await tx.query(
    `insert into public.module_catalog as c (module_key, current_version, updated_by_user_id)
     values ($1, $2, $3)
     on conflict (module_key) do update
       set current_version = excluded.current_version, updated_by_user_id = excluded.updated_by_user_id`,
    [moduleKey, version, userId],
  );
}
