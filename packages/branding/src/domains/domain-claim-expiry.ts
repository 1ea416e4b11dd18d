import { writeAuditLog, type Tx } from '@aiconnected/db';
import { DAY_MS, type DomainCheckOutcome } from '@aiconnected/sdk-contracts';
import type { DomainRow } from './domain-record';

/** `DOMAIN_CLAIM_TTL_DAYS` when unset: a claim never verified is released after a week. */
export const DEFAULT_DOMAIN_CLAIM_TTL_DAYS = 7;

/**
 * When the claim on a domain's host lapses (docs/domains.md "Claims expire"): a domain never
 * verified (`pending` or `failed`, no `verified_at`) is released `ttlDays` after it was added,
 * unless verified by then. Null for one verified at least once (`verified`, `lost`): those are
 * never released by expiry. `releaseExpiredClaims` applies the same rule in SQL.
 */
export function claimExpiresAt(
  domain: Pick<DomainRow, 'status' | 'verified_at' | 'created_at'>,
  ttlDays: number,
): Date | null {
  if (domain.verified_at !== null) return null;
  if (domain.status !== 'pending' && domain.status !== 'failed') return null;
  return new Date(domain.created_at.getTime() + ttlDays * DAY_MS);
}

/**
 * The rows whose claim has expired (`claimExpiresAt` has passed), alias `d`; `$1` is the TTL in
 * days. The one SQL form of that rule: finding, holding and releasing use it alike.
 */
const EXPIRED_CLAIM = `d.status in ('pending', 'failed') and d.verified_at is null
  and d.created_at <= now() - $1::int * interval '24 hours'`;

/** An expired claim the background checker gives a last DNS look before releasing it. */
export interface ExpiredClaim {
  id: string;
  host: string;
  verification_token: string;
}

/**
 * Up to `limit` expired claims, oldest first (read only: nothing is held). One whose last check
 * found DNS not answering waits until that check's retry is due (`next_check_at`, 15 min), so
 * a resolver outage does not cost every round a timeout per claim.
 */
export async function findExpiredClaims(
  svc: Tx,
  options: { ttlDays: number; limit: number },
): Promise<ExpiredClaim[]> {
  const { rows } = await svc.query<ExpiredClaim>(
    `select d.id, d.host, d.verification_token from public.workspace_domains as d
      where ${EXPIRED_CLAIM}
        and (d.last_check_outcome is distinct from 'resolver_unreachable'
             or d.next_check_at is null or d.next_check_at <= now())
      order by d.created_at limit $2`,
    [options.ttlDays, options.limit],
  );
  return rows;
}

/**
 * Locks the domain `id` (`FOR UPDATE`, until `svc` ends) when its claim is still expired; false
 * when it is not any more (verified, or removed, since it was found).
 */
export async function holdExpiredClaim(svc: Tx, id: string, ttlDays: number): Promise<boolean> {
  const { rowCount } = await svc.query(
    `select 1 from public.workspace_domains as d where d.id = $2 and ${EXPIRED_CLAIM} for update`,
    [ttlDays, id],
  );
  return rowCount === 1;
}

/** A claim `releaseExpiredClaims` deleted. */
export interface ReleasedClaim {
  id: string;
  workspace_id: string;
  host: string;
}

export interface ReleaseExpiredClaimsOptions {
  /** `DOMAIN_CLAIM_TTL_DAYS`. */
  ttlDays: number;
  /** Only the claim on this (normalised) host (`addDomain`). */
  host?: string;
  /** Only this domain (the checker, after its last look). */
  id?: string;
  /** The outcome of the last look at it, audited as `last_check` (the checker). */
  lastCheck?: DomainCheckOutcome;
  correlationId: string;
}

/**
 * Deletes the expired claims (`claimExpiresAt` has passed), in the service transaction `svc`,
 * each audited `domain.claim_expired` in its workspace with no actor (the system); their
 * `domain_checks` history stays (no foreign key to the domain). A row another transaction holds
 * (a verify recording its check, or the checker's last look) is skipped (`SKIP LOCKED`), and a
 * verified one never matches: a verify recorded first keeps the claim.
 */
export async function releaseExpiredClaims(
  svc: Tx,
  options: ReleaseExpiredClaimsOptions,
): Promise<ReleasedClaim[]> {
  const { rows } = await svc.query<ReleasedClaim & { status: string; created_at: Date }>(
    `delete from public.workspace_domains as d
      where d.id in (select d.id from public.workspace_domains as d
                      where ${EXPIRED_CLAIM}
                        and ($2::text is null or d.host = $2)
                        and ($3::uuid is null or d.id = $3)
                      for update skip locked)
      returning d.id, d.workspace_id, d.host, d.status, d.created_at`,
    [options.ttlDays, options.host ?? null, options.id ?? null],
  );
  for (const row of rows) {
    await writeAuditLog(svc, {
      workspaceId: row.workspace_id,
      actorUserId: null,
      action: 'domain.claim_expired',
      targetType: 'domain',
      targetId: row.id,
      metadata: {
        host: row.host,
        status: row.status,
        added_at: row.created_at.toISOString(),
        ttl_days: options.ttlDays,
        ...(options.lastCheck ? { last_check: options.lastCheck } : {}),
      },
      correlationId: options.correlationId,
    });
  }
  return rows.map(({ id, workspace_id, host }) => ({ id, workspace_id, host }));
}
