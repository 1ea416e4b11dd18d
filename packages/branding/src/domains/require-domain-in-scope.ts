import type { Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { requireWorkspaceCapability, type ActorView } from '@aiconnected/access';
import { DOMAIN_COLUMNS, type DomainRow } from './domain-record';

function domainForbidden(domainId: string): ShellError {
  return new ShellError('WORKSPACE_FORBIDDEN', `domain ${domainId} is not visible to the actor`, {
    details: { domain_id: domainId },
  });
}

/**
 * The domain `domainId` when both layers agree the actor may manage it: RLS shows the row and
 * the actor holds `domains.manage` in its workspace (its own, or a business its agency role
 * governs). An unknown id answers like another tenant's (`WORKSPACE_FORBIDDEN`), so ids cannot
 * be probed; a visible domain without the capability is `PERMISSION_DENIED`.
 */
export async function requireDomainInScope(
  tx: Tx,
  view: ActorView,
  domainId: string,
  what: string,
): Promise<DomainRow> {
  const { rows } = await tx.query<DomainRow>(
    `select ${DOMAIN_COLUMNS} from public.workspace_domains d where d.id = $1`,
    [domainId],
  );
  const [row] = rows;
  if (!row) throw domainForbidden(domainId);
  try {
    await requireWorkspaceCapability(view, row.workspace_id, 'domains.manage', what);
  } catch (error) {
    if (error instanceof ShellError && error.code === 'WORKSPACE_FORBIDDEN') {
      throw domainForbidden(domainId);
    }
    throw error;
  }
  return row;
}
