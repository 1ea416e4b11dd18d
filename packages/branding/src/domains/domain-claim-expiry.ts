import { writeAuditLog, type Tx } from '@aiconnected/db';
import type { DomainRow } from './domain-record';

/** `DOMAIN_CLAIM_TTL_DAYS` when unset: a claim never verified is released after a week. */
export const DEFAULT_DOMAIN_CLAIM_TTL_DAYS = 7;

const DAY_MS = 24 * 60 * 60_000;

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

/** A claim `releaseExpiredClaims` deleted. */
export interface ReleasedClaim {
  id: string;
  workspace_id: string;
  host: string;
}

export interface ReleaseExpiredClaimsOptions {
  /** `DOMAIN_CLAIM_TTL_DAYS`. */
  ttlDays: number;
  /** Only the claim on this (normalised) host; absent: every expired claim. */
  host?: string;
  correlationId: string;
}

/**
 * Deletes the expired claims (`claimExpiresAt` has passed), in the service transaction `svc`,
 * each audited `domain.claim_expired` in its workspace with no actor (the system); their
 * `domain_checks` history stays (no foreign key to the domain). Rows another transaction holds
 * (a verify being recorded) are skipped (`SKIP LOCKED`): the next round sees what it wrote.
 */
export async function releaseExpiredClaims(
  svc: Tx,
  options: ReleaseExpiredClaimsOptions,
): Promise<ReleasedClaim[]> {
  const { rows } = await svc.query<ReleasedClaim & { status: string; created_at: Date }>(
    `delete from public.workspace_domains as d
      where d.id in (select id from public.workspace_domains
                      where status in ('pending', 'failed') and verified_at is null
                        and created_at <= now() - $1::int * interval '24 hours'
                        and ($2::text is null or host = $2)
                      for update skip locked)
      returning d.id, d.workspace_id, d.host, d.status, d.created_at`,
    [options.ttlDays, options.host ?? null],
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
      },
      correlationId: options.correlationId,
    });
  }
  return rows.map(({ id, workspace_id, host }) => ({ id, workspace_id, host }));
}
