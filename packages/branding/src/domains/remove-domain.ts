import type { Db } from '@aiconnected/db';
import { ShellError, type Ok, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { loadActorView, recordAudit, translateWriteError } from '@aiconnected/access';
import { requireDomainInScope } from './require-domain-in-scope';

export interface RemoveDomainInput {
  actor: WorkspaceContext;
  domainId: string;
  correlationId: string;
}

/**
 * Removes a custom domain (`DELETE /domains/{id}`): its host stops routing at once and may be
 * claimed again; its check history stays (365 days). `WORKSPACE_FORBIDDEN` for a domain out
 * of scope or unknown (also one already removed), `PERMISSION_DENIED` without
 * `domains.manage`. Audited as `domain.remove`.
 */
export async function removeDomain(db: Db, input: RemoveDomainInput): Promise<Ok> {
  const { actor, domainId } = input;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    const domain = await requireDomainInScope(tx, view, domainId, 'removing a domain');
    let removed = 0;
    try {
      removed =
        (await tx.query('delete from public.workspace_domains where id = $1', [domain.id]))
          .rowCount ?? 0;
    } catch (error) {
      translateWriteError(error, 'remove domain', {});
    }
    // Removed by a concurrent request meanwhile: answer as for any unknown id.
    if (removed === 0) {
      throw new ShellError(
        'WORKSPACE_FORBIDDEN',
        `domain ${domainId} is not visible to the actor`,
        {
          details: { domain_id: domainId },
        },
      );
    }
    await recordAudit(tx, actor, {
      workspaceId: domain.workspace_id,
      action: 'domain.remove',
      targetType: 'domain',
      targetId: domain.id,
      metadata: { host: domain.host, status: domain.status },
      correlationId: input.correlationId,
    });
    return { ok: true };
  });
}
