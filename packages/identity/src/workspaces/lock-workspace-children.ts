import type { Tx } from '@aiconnected/db';

/**
 * Serialises changes to the children of `parentId` until the transaction ends, so two
 * requests cannot both pass the sibling-name check and create twins. A transaction-scoped
 * advisory lock: it needs no privilege on the parent row and is released on commit/rollback.
 */
export async function lockWorkspaceChildren(tx: Tx, parentId: string): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(hashtextextended('workspace-children:' || $1, 0))", [
    parentId,
  ]);
}
