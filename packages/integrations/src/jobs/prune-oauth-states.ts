import type { Db } from '@aiconnected/db';

/** Deletes OAuth states created more than a day ago (used, expired or abandoned); the count. */
export async function pruneOAuthStates(db: Db): Promise<number> {
  return db.withService('integrations: prune OAuth states older than a day', async (tx) => {
    const { rowCount } = await tx.query(
      `delete from public.integration_oauth_states where created_at < now() - interval '1 day'`,
    );
    return rowCount ?? 0;
  });
}
