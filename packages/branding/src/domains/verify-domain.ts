import type { Db } from '@aiconnected/db';
import {
  ShellError,
  type DomainVerifyResult,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { asServiceRole } from '@aiconnected/db';
import { loadActorView, recordAudit, translateWriteError } from '@aiconnected/access';
import { applyDomainCheck, type AppliedDomainCheck } from './apply-domain-check';
import { toDomainRecord } from './domain-record';
import { lookupDomainChallenge, type DnsResolverOptions } from './lookup-domain-challenge';
import { requireDomainInScope } from './require-domain-in-scope';

export interface VerifyDomainInput {
  actor: WorkspaceContext;
  domainId: string;
  resolver: DnsResolverOptions;
  correlationId: string;
}

/**
 * Checks a domain's TXT record now (`POST /domains/{id}/verify`) and records what was found
 * (history, status, audit `domain.verify`) whatever it was. Found: the domain is verified and
 * answered (idempotent: a verified one is re-checked). Otherwise `DOMAIN_VERIFICATION_FAILED`
 * with `details.reason` `no_record`, `wrong_value` or `resolver_unreachable` (the last does
 * not count against the domain) and the domain keeps its status (see `nextDomainState`).
 * `DOMAIN_ALREADY_CLAIMED` when the token is found but another workspace verified the host
 * first (recorded as `wrong_value`). `WORKSPACE_FORBIDDEN` for a domain out of scope or unknown, `PERMISSION_DENIED` without
 * `domains.manage`. DNS is asked between two transactions, never inside one.
 */
export async function verifyDomain(db: Db, input: VerifyDomainInput): Promise<DomainVerifyResult> {
  const { actor, domainId } = input;
  const what = 'verifying a domain';
  const before = await db.withWorkspace(actor, async (tx) =>
    requireDomainInScope(tx, await loadActorView(tx, actor), domainId, what),
  );
  const found = await lookupDomainChallenge(before.host, before.verification_token, input.resolver);
  const applied = await db.withWorkspace(actor, async (tx) => {
    await requireDomainInScope(tx, await loadActorView(tx, actor), domainId, what);
    let checked: AppliedDomainCheck | null = null;
    try {
      checked = await asServiceRole(tx, 'domains: record a DNS check', () =>
        applyDomainCheck(tx, domainId, found, new Date()),
      );
    } catch (error) {
      // Another workspace's verify of the same host committed first (migration 032's key).
      translateWriteError(error, 'verify domain', {
        workspace_domains_host_key: (message, cause) => alreadyClaimed(before.host, message, cause),
      });
    }
    if (!checked) throw new Error(`domain ${domainId} vanished inside its transaction`);
    const { before: current, after: updated, result } = checked;
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
    return checked;
  });
  const { after, result } = applied;
  if (applied.claimedElsewhere) throw alreadyClaimed(after.host, `domain ${domainId}`);
  if (result.outcome !== 'verified') {
    throw new ShellError('DOMAIN_VERIFICATION_FAILED', `domain ${domainId}: ${result.outcome}`, {
      userMessage: FAILURE_MESSAGES[result.outcome],
      details: { reason: result.outcome, status: after.status },
    });
  }
  return { domain_record: toDomainRecord(after) };
}

function alreadyClaimed(host: string, what: string, cause?: unknown): ShellError {
  return new ShellError('DOMAIN_ALREADY_CLAIMED', `${what}: another workspace verified ${host}`, {
    userMessage:
      'Another workspace verified this domain first. Remove it here, or ask its owner to remove it there.',
    details: { host },
    cause,
  });
}

const FAILURE_MESSAGES = {
  no_record: 'No TXT record was found yet. Publish it, wait for DNS to update, and try again.',
  wrong_value:
    'A TXT record was found but it does not hold this domain’s token. Check its value and try again.',
  resolver_unreachable:
    'DNS did not answer. This is not a problem with your domain; try again in a few minutes.',
} as const;
