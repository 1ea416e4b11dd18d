import { randomUUID } from 'node:crypto';
import { writeAuditLog, type Db, type Tx } from '@aiconnected/db';
import { applyDomainCheck, domainCheckAuditMetadata } from './apply-domain-check';
import {
  findExpiredClaims,
  holdExpiredClaim,
  releaseExpiredClaims,
  type ExpiredClaim,
} from './domain-claim-expiry';
import { DOMAIN_COLUMNS, type DomainRow } from './domain-record';
import {
  lookupDomainChallenge,
  type DnsResolverOptions,
  type DomainCheckResult,
} from './lookup-domain-challenge';

export interface CheckDueDomainsOptions {
  resolver: DnsResolverOptions;
  /** `DOMAIN_CLAIM_TTL_DAYS`: claims never verified for this long are released. */
  claimTtlDays: number;
  /** Most domains checked (and, apart, most expired claims looked at) per call. Default 20. */
  batchSize?: number;
  /** How long a claimed domain is left to this process before another may check it (ms). */
  leaseMs?: number;
}

/**
 * How many expired claims one call released, how many due domains it checked, and how many
 * history rows it deleted.
 */
export interface DueDomainsChecked {
  released: number;
  checked: number;
  purged: number;
}

/** PRD §12.5: the check history is kept 365 days. */
const HISTORY_DAYS = 365;

/**
 * One round of the background checker (docs/domains.md): first a last DNS look at each expired
 * claim (never verified, older than `claimTtlDays`; `lastLookAtExpiredClaim`), which releases
 * it only when its record is still missing or wrong; then it claims the domains whose
 * `next_check_at` has come (`FOR UPDATE SKIP LOCKED`, pushing `next_check_at` by the lease, so
 * concurrent processes never check one domain twice), asks DNS for each outside any
 * transaction, and records each result in its own service transaction (`recordBackgroundCheck`).
 * Deletes history older than 365 days.
 */
export async function checkDueDomains(
  db: Db,
  options: CheckDueDomainsOptions,
): Promise<DueDomainsChecked> {
  const { batchSize = 20, leaseMs = 10 * 60_000 } = options;
  const expired = await db.withService('domains: find expired claims', (svc) =>
    findExpiredClaims(svc, { ttlDays: options.claimTtlDays, limit: batchSize }),
  );
  let released = 0;
  for (const claim of expired) {
    if (await lastLookAtExpiredClaim(db, claim, options)) released += 1;
  }
  const claimed = await db.withService('domains: claim due checks', async (svc) => {
    const { rows } = await svc.query<DomainRow>(
      `update public.workspace_domains as d
          set next_check_at = now() + $2 * interval '1 millisecond'
        where d.id in (select id from public.workspace_domains
                        where next_check_at <= now()
                        order by next_check_at
                        limit $1
                        for update skip locked)
        returning ${DOMAIN_COLUMNS}`,
      [batchSize, leaseMs],
    );
    return rows;
  });

  for (const domain of claimed) {
    const result = await lookupDomainChallenge(
      domain.host,
      domain.verification_token,
      options.resolver,
    );
    await db.withService('domains: record a background DNS check', (svc) =>
      recordBackgroundCheck(svc, domain.id, result),
    );
  }

  const purged = await db.withService('domains: delete check history older than 365 days', (svc) =>
    svc.query(`delete from public.domain_checks where checked_at < now() - $1 * interval '1 day'`, [
      HISTORY_DAYS,
    ]),
  );
  return { released, checked: claimed.length, purged: purged.rowCount ?? 0 };
}

/**
 * The last look at an expired claim before it is released, so an owner who published the
 * record but never pressed Verify keeps the host (and the token they published). DNS is asked
 * outside any transaction; then, with the row held (`holdExpiredClaim`: skipped if a verify or
 * another process got there first), the check is recorded like any other and the claim is
 * released (audited `domain.claim_expired` with `last_check`) only when the record is missing
 * or wrong. Found: the domain is verified and kept. DNS did not answer: kept this round (the
 * next round looks again). True when released.
 */
async function lastLookAtExpiredClaim(
  db: Db,
  claim: ExpiredClaim,
  options: CheckDueDomainsOptions,
): Promise<boolean> {
  const result = await lookupDomainChallenge(
    claim.host,
    claim.verification_token,
    options.resolver,
  );
  return db.withService('domains: a last look at an expired claim', async (svc) => {
    if (!(await holdExpiredClaim(svc, claim.id, options.claimTtlDays))) return false;
    await recordBackgroundCheck(svc, claim.id, result);
    if (result.outcome === 'verified' || result.outcome === 'resolver_unreachable') return false;
    const released = await releaseExpiredClaims(svc, {
      ttlDays: options.claimTtlDays,
      id: claim.id,
      lastCheck: result.outcome,
      correlationId: randomUUID(),
    });
    return released.length === 1;
  });
}

/**
 * Records a check the system made (`applyDomainCheck`) in the service transaction `svc`. A
 * domain that becomes `lost` is audited `domain.lost`; one that becomes verified,
 * `domain.verify` (no actor: the system).
 */
async function recordBackgroundCheck(
  svc: Tx,
  domainId: string,
  result: DomainCheckResult,
): Promise<void> {
  const applied = await applyDomainCheck(svc, domainId, result, new Date());
  if (!applied || applied.after.status === applied.before.status) return;
  const updated = applied.after;
  if (updated.status !== 'lost' && updated.status !== 'verified') return;
  await writeAuditLog(svc, {
    workspaceId: updated.workspace_id,
    actorUserId: null,
    action: updated.status === 'lost' ? 'domain.lost' : 'domain.verify',
    targetType: 'domain',
    targetId: updated.id,
    metadata: domainCheckAuditMetadata(applied, result),
    correlationId: randomUUID(),
  });
}
