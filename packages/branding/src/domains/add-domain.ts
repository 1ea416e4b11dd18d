import { randomBytes } from 'node:crypto';
import { asServiceRole, type Db } from '@aiconnected/db';
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
import { releaseExpiredClaims } from './domain-claim-expiry';
import { DOMAIN_COLUMNS, toDomainRecord, type DomainRow } from './domain-record';
import { firstCheckAt } from './next-domain-state';
import { normalizeDomainHost, type DomainHostRules } from './normalize-domain-host';

export interface AddDomainInput {
  actor: WorkspaceContext;
  workspaceId: string;
  /** As typed: normalised and validated here (`normalizeDomainHost`). */
  host: string;
  rules: DomainHostRules;
  /** `DOMAIN_CLAIM_TTL_DAYS`: an older claim on the host, never verified, is released first. */
  claimTtlDays: number;
  correlationId: string;
}

/**
 * Adds a custom domain to a workspace (`POST /domains`), pending until its TXT record is
 * verified: `DOMAIN_INVALID` (with `details.reason`) for a host that is not acceptable,
 * `WORKSPACE_FORBIDDEN` outside the actor's scope, `PERMISSION_DENIED` without
 * `domains.manage` there, `DOMAIN_ALREADY_CLAIMED` when any workspace has the host (the
 * database's unique key decides; which workspace is never said). A claim on the host whose
 * time ran out (never verified, older than `claimTtlDays`, any workspace's) is released in the
 * same transaction first (`releaseExpiredClaims`, audited `domain.claim_expired`), so the
 * claimer does not wait for the background checker. Audited as `domain.add`.
 */
export async function addDomain(db: Db, input: AddDomainInput): Promise<DomainAddResult> {
  const { actor, workspaceId } = input;
  const host = normalizeDomainHost(input.host, input.rules);
  const token = randomBytes(24).toString('base64url');
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireWorkspaceCapability(view, workspaceId, 'domains.manage', 'adding a domain');
    // Another workspace's claim is invisible to the actor (RLS): released as the service.
    await asServiceRole(tx, 'domains: release an expired claim on the host being added', () =>
      releaseExpiredClaims(tx, {
        ttlDays: input.claimTtlDays,
        host,
        correlationId: input.correlationId,
      }),
    );
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
    return {
      domain_record: toDomainRecord(row, input.claimTtlDays),
      verification_token: token,
    };
  });
}
