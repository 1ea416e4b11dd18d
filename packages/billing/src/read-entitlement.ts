import { asServiceRole, type Tx } from '@aiconnected/db';
import type { BillingEntitlementState } from '@aiconnected/sdk-contracts';

/** A workspace's entitlement as the module enable path reads it (PRD §23.1, §23.2). */
export interface Entitlement {
  /** The account's state; `none` when neither the workspace nor its agency has an account. */
  state: BillingEntitlementState | 'none';
  /** The workspace whose account decided: the workspace itself, its parent agency, or null. */
  source_workspace_id: string | null;
}

interface AccountRow {
  workspace_id: string;
  status: BillingEntitlementState;
  grace_over: boolean;
  own: boolean;
}

/**
 * The entitlement of `workspaceId`: its own billing account, else (a business) its parent
 * agency's. Agencies resell to their businesses (PRD §5), so a business without an account of
 * its own runs on its agency's; an agency never falls back to the super workspace. A grace
 * period that has ended counts as `suspended` (PRD §23.1: grace -> suspended when it expires
 * unrecovered) even before the reconciliation job moves the row.
 *
 * Runs inside the caller's `withWorkspace` transaction, as the service for this one read: a
 * business's own members cannot see its agency's account under RLS (migration 017: the visible
 * workspaces of a business are the business alone), yet that account decides what the
 * business may enable. The read is limited to the state of `workspaceId` and its parent agency;
 * callers check the actor's access to `workspaceId` first. No audit row: nothing changes.
 */
export async function readEntitlement(tx: Tx, workspaceId: string): Promise<Entitlement> {
  const rows = await asServiceRole(
    tx,
    'billing: read the entitlement that gates modules',
    async () => {
      const result = await tx.query<AccountRow>(
        `select a.workspace_id, a.status,
              (a.status = 'grace' and a.grace_ends_at <= now()) as grace_over,
              (a.workspace_id = w.id) as own
         from public.workspaces w
         left join public.workspaces p on p.id = w.parent_workspace_id
                                      and w.type = 'business' and p.type = 'agency'
         join public.billing_accounts a on a.workspace_id = w.id or a.workspace_id = p.id
        where w.id = $1
        order by own desc`,
        [workspaceId],
      );
      return result.rows;
    },
  );
  const [account] = rows;
  if (!account) return { state: 'none', source_workspace_id: null };
  return {
    state: account.grace_over ? 'suspended' : account.status,
    source_workspace_id: account.workspace_id,
  };
}
