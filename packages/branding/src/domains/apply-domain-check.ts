import type { Tx } from '@aiconnected/db';
import type { DomainCheckResult } from './lookup-domain-challenge';
import { DOMAIN_COLUMNS, type DomainRow } from './domain-record';
import { nextDomainState } from './next-domain-state';

/**
 * Records a DNS check of `domain` in the service transaction `svc`: a `domain_checks` history
 * row, and the domain's new status, failure count, next check and last check (see
 * `nextDomainState`). Returns the updated row, or null when the domain is gone.
 */
export async function applyDomainCheck(
  svc: Tx,
  domain: DomainRow,
  result: DomainCheckResult,
  now: Date,
): Promise<DomainRow | null> {
  const next = nextDomainState(domain, result.outcome, now);
  const detail = result.detail.slice(0, 500);
  const { rows } = await svc.query<DomainRow>(
    `update public.workspace_domains as d
        set status = $2, consecutive_failures = $3, next_check_at = $4,
            verified_at = case when $5 then $6 else d.verified_at end,
            last_checked_at = $6, last_check_outcome = $7, last_check_detail = $8
      where d.id = $1
      returning ${DOMAIN_COLUMNS}`,
    [
      domain.id,
      next.status,
      next.consecutive_failures,
      next.next_check_at,
      next.newlyVerified,
      now,
      result.outcome,
      detail,
    ],
  );
  const [row] = rows;
  if (!row) return null;
  await svc.query(
    `insert into public.domain_checks (domain_id, workspace_id, host, checked_at, outcome, detail)
     values ($1, $2, $3, $4, $5, $6)`,
    [row.id, row.workspace_id, row.host, now, result.outcome, detail],
  );
  return row;
}
