import { randomBytes } from 'node:crypto';
import type { Db } from '@aiconnected/db';
import {
  ShellError,
  type DomainAddResult,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import {
  loadActorView,
  recordAudit,
  requireWorkspaceCapability,
  translateWriteError,
} from '@aiconnected/access';
import { DOMAIN_COLUMNS, toDomainRecord, type DomainRow } from './domain-record';
import { firstCheckAt } from './next-domain-state';
import { normalizeDomainHost, type DomainHostRules } from './normalize-domain-host';

export interface AddDomainInput {
  actor: WorkspaceContext;
  workspaceId: string;
  /** As typed: normalised and validated here (`normalizeDomainHost`). */
  host: string;
  rules: DomainHostRules;
  correlationId: string;
}

/**
 * Adds a custom domain to a workspace (`POST /domains`), pending until its TXT record is
 * verified: `DOMAIN_INVALID` (with `details.reason`) for a host that is not acceptable,
 * `WORKSPACE_FORBIDDEN` outside the actor's scope, `PERMISSION_DENIED` without
 * `domains.manage` there, `DOMAIN_ALREADY_CLAIMED` when any workspace has the host (the
 * database's unique key decides; which workspace is never said). Audited as `domain.add`.
 */
export async function addDomain(db: Db, input: AddDomainInput): Promise<DomainAddResult> {
  const { actor, workspaceId } = input;
  const host = normalizeDomainHost(input.host, input.rules);
  const token = randomBytes(24).toString('base64url');
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireWorkspaceCapability(view, workspaceId, 'domains.manage', 'adding a domain');
    let row: DomainRow | undefined;
    try {
      const result = await tx.query<DomainRow>(
        `insert into public.workspace_domains as d
           (workspace_id, host, verification_token, created_by_user_id, next_check_at)
         values ($1, $2, $3, $4, $5)
         returning ${DOMAIN_COLUMNS}`,
        [workspaceId, host, token, actor.user_id, firstCheckAt(new Date())],
      );
      row = result.rows[0];
    } catch (error) {
      translateWriteError(error, 'add domain', {
        workspace_domains_host_key: (what, cause) =>
          new ShellError('DOMAIN_ALREADY_CLAIMED', `${what}: host taken`, {
            details: { host },
            cause,
          }),
      });
    }
    if (!row) throw new Error('insert into workspace_domains returned no row');
    await recordAudit(tx, actor, {
      workspaceId,
      action: 'domain.add',
      targetType: 'domain',
      targetId: row.id,
      metadata: { host },
      correlationId: input.correlationId,
    });
    return { domain_record: toDomainRecord(row), verification_token: token };
  });
}
