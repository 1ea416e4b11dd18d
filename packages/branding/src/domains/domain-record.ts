import {
  DOMAIN_CHALLENGE_LABEL,
  domainChallengeValue,
  type DomainCheckOutcome,
  type DomainRecord,
  type DomainStatus,
} from '@aiconnected/sdk-contracts';
import { claimExpiresAt } from './domain-claim-expiry';

/** The columns every domain query selects (alias `d`), in `DomainRow` shape. */
export const DOMAIN_COLUMNS = `d.id, d.workspace_id, d.host, d.status, d.verification_token,
  d.verified_at, d.created_at, d.last_checked_at, d.last_check_outcome, d.last_check_detail,
  d.consecutive_failures`;

/** A `workspace_domains` row as pg returns `DOMAIN_COLUMNS`. */
export interface DomainRow {
  id: string;
  workspace_id: string;
  host: string;
  status: DomainStatus;
  verification_token: string;
  verified_at: Date | null;
  created_at: Date;
  last_checked_at: Date | null;
  last_check_outcome: DomainCheckOutcome | null;
  last_check_detail: string | null;
  consecutive_failures: number;
}

/**
 * The API shape of a row, with the TXT record its owner publishes and when its claim expires
 * (`claimTtlDays`: `DOMAIN_CLAIM_TTL_DAYS`).
 */
export function toDomainRecord(row: DomainRow, claimTtlDays: number): DomainRecord {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    host: row.host,
    status: row.status,
    verified_at: row.verified_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    claim_expires_at: claimExpiresAt(row, claimTtlDays)?.toISOString() ?? null,
    txt_record: {
      name: `${DOMAIN_CHALLENGE_LABEL}.${row.host}`,
      value: domainChallengeValue(row.verification_token),
    },
    last_check:
      row.last_checked_at && row.last_check_outcome
        ? {
            checked_at: row.last_checked_at.toISOString(),
            outcome: row.last_check_outcome,
            detail: row.last_check_detail,
          }
        : null,
  };
}
