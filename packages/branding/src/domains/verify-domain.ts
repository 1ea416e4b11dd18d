import type { Db } from '@aiconnected/db';
import {
  ShellError,
  type DomainVerifyResult,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { asServiceRole } from '@aiconnected/db';
import { loadActorView, recordAudit } from '@aiconnected/access';
import { applyDomainCheck } from './apply-domain-check';
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
 * `domains.manage`. DNS is asked between two transactions, never inside one.
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
    await requireDomainInScope(tx, await loadActorView(tx, actor), domainId, what);
    const applied = await asServiceRole(tx, 'domains: record a DNS check', () =>
      applyDomainCheck(tx, domainId, result, new Date()),
    );
    if (!applied) throw new Error(`domain ${domainId} vanished inside its transaction`);
    const { before: current, after: updated } = applied;
    await recordAudit(tx, actor, {
      workspaceId: updated.workspace_id,
      action: 'domain.verify',
      targetType: 'domain',
      targetId: updated.id,
      metadata: {
        host: updated.host,
        outcome: result.outcome,
        detail: result.detail,
        status: { from: current.status, to: updated.status },
      },
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

const FAILURE_MESSAGES = {
  no_record: 'No TXT record was found yet. Publish it, wait for DNS to update, and try again.',
  wrong_value:
    'A TXT record was found but it does not hold this domain’s token. Check its value and try again.',
  resolver_unreachable:
    'DNS did not answer. This is not a problem with your domain; try again in a few minutes.',
} as const;
