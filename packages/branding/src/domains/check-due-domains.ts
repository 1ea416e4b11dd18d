import { randomUUID } from 'node:crypto';
import { writeAuditLog, type Db } from '@aiconnected/db';
import { applyDomainCheck } from './apply-domain-check';
import { DOMAIN_COLUMNS, type DomainRow } from './domain-record';
import { lookupDomainChallenge, type DnsResolverOptions } from './lookup-domain-challenge';

export interface CheckDueDomainsOptions {
  resolver: DnsResolverOptions;
  /** Most domains checked per call. Default 20. */
  batchSize?: number;
  /** How long a claimed domain is left to this process before another may check it (ms). */
  leaseMs?: number;
}

/** How many domains one call checked, history rows it deleted, and stale claims it removed. */
export interface DueDomainsChecked {
  checked: number;
  purged: number;
  expired: number;
}

/** PRD §12.5: the check history is kept 365 days. */
const HISTORY_DAYS = 365;
/** A claim (pending or failed) never verified is removed after this long: it blocks nobody
 * since migration 032, but the list stays clean and abandoned tokens do not linger. */
export const UNVERIFIED_CLAIM_DAYS = 30;

/**
 * One round of the background checker (docs/domains.md): claims the domains whose
 * `next_check_at` has come (`FOR UPDATE SKIP LOCKED`, pushing `next_check_at` by the lease, so
 * concurrent processes never check one domain twice), asks DNS for each outside any
 * transaction, and records each result in its own service transaction (`applyDomainCheck`).
 * A verified domain that becomes `lost` is audited `domain.lost`; one that becomes verified,
 * `domain.verify` (no actor: the system). Deletes history older than 365 days, and claims
 * never verified within 30 days (audited `domain.remove`, no actor). A token found for a host
 * another workspace verified first, even concurrently, does not verify (`applyDomainCheck`).
 */
export async function checkDueDomains(
  db: Db,
  options: CheckDueDomainsOptions,
): Promise<DueDomainsChecked> {
  const { batchSize = 20, leaseMs = 10 * 60_000 } = options;
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
    try {
      await db.withService('domains: record a background DNS check', async (svc) => {
        const applied = await applyDomainCheck(svc, domain.id, result, new Date());
        if (!applied || applied.after.status === applied.before.status) return;
        const { before, after: updated, result: recorded } = applied;
        if (updated.status !== 'lost' && updated.status !== 'verified') return;
        await writeAuditLog(svc, {
          workspaceId: updated.workspace_id,
          actorUserId: null,
          action: updated.status === 'lost' ? 'domain.lost' : 'domain.verify',
          targetType: 'domain',
          targetId: updated.id,
          metadata: {
            host: updated.host,
            outcome: recorded.outcome,
            detail: recorded.detail,
            status: { from: before.status, to: updated.status },
          },
          correlationId: randomUUID(),
        });
      });
    } catch (error) {
      // Another workspace verified the host in between (032's key): the next round records it.
      if ((error as { code?: unknown }).code !== '23505') throw error;
    }
  }

  const expired = await db.withService('domains: remove claims never verified', async (svc) => {
    const { rows } = await svc.query<{
      id: string;
      workspace_id: string;
      host: string;
      status: string;
    }>(
      `delete from public.workspace_domains
        where status in ('pending', 'failed') and created_at < now() - $1 * interval '1 day'
        returning id, workspace_id, host, status`,
      [UNVERIFIED_CLAIM_DAYS],
    );
    for (const row of rows) {
      await writeAuditLog(svc, {
        workspaceId: row.workspace_id,
        actorUserId: null,
        action: 'domain.remove',
        targetType: 'domain',
        targetId: row.id,
        metadata: { host: row.host, status: row.status, reason: 'unverified_claim_expired' },
        correlationId: randomUUID(),
      });
    }
    return rows.length;
  });

  const purged = await db.withService('domains: delete check history older than 365 days', (svc) =>
    svc.query(`delete from public.domain_checks where checked_at < now() - $1 * interval '1 day'`, [
      HISTORY_DAYS,
    ]),
  );
  return { checked: claimed.length, purged: purged.rowCount ?? 0, expired };
}
