import type { Db, Tx } from '@aiconnected/db';
import {
  ShellError,
  type DomainVerifyResult,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { asServiceRole } from '@aiconnected/db';
import { loadActorView, recordAudit } from '@aiconnected/access';
import { applyDomainCheck, domainCheckAuditMetadata } from './apply-domain-check';
import { toDomainRecord } from './domain-record';
import { lookupDomainChallenge, type DnsResolverOptions } from './lookup-domain-challenge';
import { requireDomainInScope } from './require-domain-in-scope';

export interface VerifyDomainInput {
  actor: WorkspaceContext;
  domainId: string;
  resolver: DnsResolverOptions;
  /** `DOMAIN_CLAIM_TTL_DAYS` (the answer's `claim_expires_at`). */
  claimTtlDays: number;
  correlationId: string;
}

/**
 * Checks a domain's TXT record now (`POST /domains/{id}/verify`) and records what was found
 * (history, status, audit `domain.verify`) whatever it was. Found: the domain is verified and
 * answered (idempotent: a verified one is re-checked). Otherwise `DOMAIN_VERIFICATION_FAILED`
 * with `details.reason` `no_record`, `wrong_value` or `resolver_unreachable` (the last does
 * not count against the domain) and the domain keeps its status (see `nextDomainState`).
 * `WORKSPACE_FORBIDDEN` for a domain out of scope or unknown, `PERMISSION_DENIED` without
 * `domains.manage`. DNS is asked between two transactions, never inside one; a domain deleted
 * in between (its claim expired and was released, or it was removed) is `NOT_FOUND` with
 * `details.reason` `claim_expired` or `removed`, and nothing is recorded.
 */
export async function verifyDomain(db: Db, input: VerifyDomainInput): Promise<DomainVerifyResult> {
  const { actor, domainId } = input;
  const what = 'verifying a domain';
  const before = await db.withWorkspace(actor, async (tx) =>
    requireDomainInScope(tx, await loadActorView(tx, actor), domainId, what),
  );
  const result = await lookupDomainChallenge(
    before.host,
    before.verification_token,
    input.resolver,
  );
  const after = await db.withWorkspace(actor, async (tx) => {
    // Held from here on: a release or removal in between DNS and now is told apart from a
    // domain out of scope, and none can happen while the check is recorded.
    const held = await asServiceRole(tx, 'domains: hold the domain being verified', () =>
      tx.query('select 1 from public.workspace_domains where id = $1 for update', [domainId]),
    );
    if (held.rowCount !== 1) throw await domainGone(tx, domainId);
    await requireDomainInScope(tx, await loadActorView(tx, actor), domainId, what);
    const applied = await asServiceRole(tx, 'domains: record a DNS check', () =>
      applyDomainCheck(tx, domainId, result, new Date()),
    );
    if (!applied) throw await domainGone(tx, domainId);
    const updated = applied.after;
    await recordAudit(tx, actor, {
      workspaceId: updated.workspace_id,
      action: 'domain.verify',
      targetType: 'domain',
      targetId: updated.id,
      metadata: domainCheckAuditMetadata(applied, result),
      correlationId: input.correlationId,
    });
    return updated;
  });
  if (result.outcome !== 'verified') {
    throw new ShellError('DOMAIN_VERIFICATION_FAILED', `domain ${domainId}: ${result.outcome}`, {
      userMessage: FAILURE_MESSAGES[result.outcome],
      details: { reason: result.outcome, status: after.status },
    });
  }
  return { domain_record: toDomainRecord(after, input.claimTtlDays) };
}

/**
 * The refusal for a domain that was in scope when the verify began but is gone now: its claim
 * expired and was released (a `domain.claim_expired` audit row names it), or it was removed.
 */
async function domainGone(tx: Tx, domainId: string): Promise<ShellError> {
  const expired = await asServiceRole(tx, 'domains: why a domain being verified is gone', () =>
    tx.query(
      `select 1 from public.audit_logs
        where target_type = 'domain' and target_id = $1 and action = 'domain.claim_expired'`,
      [domainId],
    ),
  );
  const reason = expired.rowCount ? 'claim_expired' : 'removed';
  return new ShellError('NOT_FOUND', `domain ${domainId} is gone (${reason}) after its DNS check`, {
    userMessage: GONE_MESSAGES[reason],
    details: { domain_id: domainId, reason },
  });
}

const GONE_MESSAGES = {
  claim_expired:
    'This domain was not verified in time, so its claim expired and the host was released. Add it again to get a new TXT record.',
  removed: 'This domain was removed while it was being checked.',
} as const;

const FAILURE_MESSAGES = {
  no_record: 'No TXT record was found yet. Publish it, wait for DNS to update, and try again.',
  wrong_value:
    'A TXT record was found but it does not hold this domain’s token. Check its value and try again.',
  resolver_unreachable:
    'DNS did not answer. This is not a problem with your domain; try again in a few minutes.',
} as const;
