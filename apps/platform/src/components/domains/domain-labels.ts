import { DAY_MS, type DomainCheckOutcome, type DomainStatus } from '@aiconnected/sdk-contracts';

/** Each domain state in words, and the badge it wears. */
export const DOMAIN_STATUS_LABELS: Record<
  DomainStatus,
  { label: string; variant: 'default' | 'secondary' | 'destructive' | 'outline'; hint: string }
> = {
  pending: {
    label: 'Waiting for DNS',
    variant: 'secondary',
    hint: 'Publish the TXT record below, then verify. We also check by ourselves until the claim expires.',
  },
  verified: {
    label: 'Verified',
    variant: 'default',
    hint: 'The domain serves your sign-in page. Keep the TXT record: we re-check it daily.',
  },
  failed: {
    label: 'Not verified',
    variant: 'destructive',
    hint: 'We stopped checking after several days without the record. Publish it and verify again.',
  },
  lost: {
    label: 'Record missing',
    variant: 'destructive',
    hint: 'The TXT record disappeared, so the domain no longer works. Publish it again and verify.',
  },
};

/** What a DNS check found, in words. */
export const DOMAIN_OUTCOME_LABELS: Record<DomainCheckOutcome, string> = {
  verified: 'the record holds the token',
  no_record: 'no TXT record found',
  wrong_value: 'a TXT record was found, but without the token',
  resolver_unreachable: 'DNS did not answer (not a problem with the domain)',
};

/**
 * When a claim never verified lapses (`claim_expires_at`), in words: "Expires in N days unless
 * verified"; null for a domain verified once (never released so).
 */
export function claimExpiryText(claimExpiresAt: string | null, now: Date): string | null {
  if (claimExpiresAt === null) return null;
  const days = Math.ceil((Date.parse(claimExpiresAt) - now.getTime()) / DAY_MS);
  if (days <= 0) return 'Claim expired: verify now, or the host is released for anyone to add.';
  return `Expires in ${days} ${days === 1 ? 'day' : 'days'} unless verified.`;
}
