import type { Tx } from '@aiconnected/db';
import type { DomainCheckResult } from './lookup-domain-challenge';
import { DOMAIN_COLUMNS, type DomainRow } from './domain-record';
import { nextDomainState } from './next-domain-state';

/** A domain before and after a recorded check. */
export interface AppliedDomainCheck {
  before: DomainRow;
  after: DomainRow;
}

/** The audit metadata of a recorded check (`domain.verify`, `domain.lost`), user or system. */
export function domainCheckAuditMetadata(
  { before, after }: AppliedDomainCheck,
  result: DomainCheckResult,
): Record<string, unknown> {
  return {
    host: after.host,
    outcome: result.outcome,
    detail: result.detail,
    status: { from: before.status, to: after.status },
  };
}

/**
 * Records a DNS check of the domain `domainId` in the service transaction `svc`: a
 * `domain_checks` history row, and the domain's new status, failure count, next check and last
 * check (see `nextDomainState`). The next state is computed from the row as it is now, locked
 * `FOR UPDATE`, not as it was when DNS was asked: a verify that landed in between (seconds, or a
 * background round's minute) is built on, never undone. Null when the domain is gone.
 */
export async function applyDomainCheck(
  svc: Tx,
  domainId: string,
  result: DomainCheckResult,
  now: Date,
): Promise<AppliedDomainCheck | null> {
  const locked = await svc.query<DomainRow>(
    `select ${DOMAIN_COLUMNS} from public.workspace_domains as d where d.id = $1 for update`,
    [domainId],
  );
  const [domain] = locked.rows;
  if (!domain) return null;
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
  return { before: domain, after: row };
}
