import { randomUUID } from 'node:crypto';
import { writeAuditLog, type Db } from '@aiconnected/db';
import { applyDomainCheck } from './apply-domain-check';
import { releaseExpiredClaims } from './domain-claim-expiry';
import { DOMAIN_COLUMNS, type DomainRow } from './domain-record';
import { lookupDomainChallenge, type DnsResolverOptions } from './lookup-domain-challenge';

export interface CheckDueDomainsOptions {
  resolver: DnsResolverOptions;
  /** `DOMAIN_CLAIM_TTL_DAYS`: claims never verified for this long are released. */
  claimTtlDays: number;
  /** Most domains checked per call. Default 20. */
  batchSize?: number;
  /** How long a claimed domain is left to this process before another may check it (ms). */
  leaseMs?: number;
}

/**
 * How many expired claims one call released, how many domains it checked, and how many
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
 * One round of the background checker (docs/domains.md): releases the expired claims on hosts
 * (never verified, older than `claimTtlDays`: `releaseExpiredClaims`, audited
 * `domain.claim_expired`), then claims the domains whose
 * `next_check_at` has come (`FOR UPDATE SKIP LOCKED`, pushing `next_check_at` by the lease, so
 * concurrent processes never check one domain twice), asks DNS for each outside any
 * transaction, and records each result in its own service transaction (`applyDomainCheck`).
 * A verified domain that becomes `lost` is audited `domain.lost`; one that becomes verified,
 * `domain.verify` (no actor: the system). Deletes history older than 365 days.
 */
export async function checkDueDomains(
  db: Db,
  options: CheckDueDomainsOptions,
): Promise<DueDomainsChecked> {
  const { batchSize = 20, leaseMs = 10 * 60_000 } = options;
  const released = await db.withService('domains: release expired claims', (svc) =>
    releaseExpiredClaims(svc, { ttlDays: options.claimTtlDays, correlationId: randomUUID() }),
  );
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
    await db.withService('domains: record a background DNS check', async (svc) => {
      const applied = await applyDomainCheck(svc, domain.id, result, new Date());
      if (!applied || applied.after.status === applied.before.status) return;
      const { before, after: updated } = applied;
      if (updated.status !== 'lost' && updated.status !== 'verified') return;
      await writeAuditLog(svc, {
        workspaceId: updated.workspace_id,
        actorUserId: null,
        action: updated.status === 'lost' ? 'domain.lost' : 'domain.verify',
        targetType: 'domain',
        targetId: updated.id,
        metadata: {
          host: updated.host,
          outcome: result.outcome,
          detail: result.detail,
          status: { from: before.status, to: updated.status },
        },
        correlationId: randomUUID(),
      });
    });
  }

  const purged = await db.withService('domains: delete check history older than 365 days', (svc) =>
    svc.query(`delete from public.domain_checks where checked_at < now() - $1 * interval '1 day'`, [
      HISTORY_DAYS,
    ]),
  );
  return { released: released.length, checked: claimed.length, purged: purged.rowCount ?? 0 };
}
