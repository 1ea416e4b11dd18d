import type { Db } from '@aiconnected/db';

/** How long policy history and resolution decisions are kept (PRD §12.5: 365 days, plus a day). */
export const CREDENTIAL_RECORD_RETENTION_DAYS = 366;

/**
 * Deletes, as the service, the credential policy history and the resolution decisions older
 * than `CREDENTIAL_RECORD_RETENTION_DAYS` (design 13 §1; both tables refuse UPDATE, and only
 * the service may DELETE). Called by the integrations runtime's daily prune; the counts deleted.
 */
export async function pruneCredentialRecords(
  db: Db,
): Promise<{ history: number; decisions: number }> {
  return db.withService('credentials: prune history and decisions past retention', async (tx) => {
    const interval = `${CREDENTIAL_RECORD_RETENTION_DAYS} days`;
    const history = await tx.query(
      'delete from public.credential_policy_history where changed_at < now() - $1::interval',
      [interval],
    );
    const decisions = await tx.query(
      'delete from public.credential_resolution_decisions where created_at < now() - $1::interval',
      [interval],
    );
    return { history: history.rowCount ?? 0, decisions: decisions.rowCount ?? 0 };
  });
}
