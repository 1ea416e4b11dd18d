import { z } from 'zod';
import { timestampSchema } from '../common/keys';
import { nextCursorSchema } from '../common/page';
import { DOMAIN_STATUSES, isDomainHost } from './domain-mapping';

/** What one DNS check of a domain found (`domain_checks.outcome`, docs/domains.md). */
export const DOMAIN_CHECK_OUTCOMES = [
  'verified',
  'no_record',
  'wrong_value',
  'resolver_unreachable',
] as const;
export type DomainCheckOutcome = (typeof DOMAIN_CHECK_OUTCOMES)[number];

/**
 * One day of a domain claim (`DOMAIN_CLAIM_TTL_DAYS`, `claim_expires_at`) in milliseconds: 24
 * hours, as the checker's SQL counts it (`interval '24 hours'`).
 */
export const DAY_MS = 86_400_000;

/** The label under a host whose TXT record proves control of it: `_aiconnected-challenge.<host>`. */
export const DOMAIN_CHALLENGE_LABEL = '_aiconnected-challenge';

/** The TXT record value that carries a domain's token. */
export function domainChallengeValue(token: string): string {
  return `aiconnected-verification=${token}`;
}

const hostSchema = z
  .string()
  .refine(isDomainHost, 'Must be a lower-case host name such as login.agency.example')
  .meta({ description: 'Lower-case ASCII host name (IDNA), globally unique' });

/** A custom domain of a workspace as the API returns it (`POST/GET /domains`, PRD §20.3). */
export const domainRecordSchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid(),
    host: hostSchema,
    status: z.enum(DOMAIN_STATUSES),
    verified_at: timestampSchema.nullable(),
    created_at: timestampSchema,
    claim_expires_at: timestampSchema.nullable().meta({
      description:
        'When the claim on the host is released unless the domain is verified by then (created_at + ' +
        'DOMAIN_CLAIM_TTL_DAYS); null for a domain verified at least once (verified, lost), never released so',
    }),
    /** The TXT record to publish (kept published: verified domains are re-checked daily). */
    txt_record: z
      .object({
        name: z.string().meta({ description: '`_aiconnected-challenge.<host>`' }),
        value: z.string().meta({ description: 'The exact TXT value, holding the token' }),
      })
      .meta({ description: 'The DNS TXT record that proves control of the host' }),
    last_check: z
      .object({
        checked_at: timestampSchema,
        outcome: z.enum(DOMAIN_CHECK_OUTCOMES),
        detail: z.string().nullable(),
      })
      .nullable()
      .meta({ description: 'The latest DNS check (by a person or the background checker)' }),
  })
  .meta({ id: 'DomainRecord', description: 'A custom domain of a workspace and its verification' });
export type DomainRecord = z.infer<typeof domainRecordSchema>;

/** `POST /domains`: the new (pending) domain and the token its TXT record must hold. */
export const domainAddResultSchema = z
  .object({
    domain_record: domainRecordSchema,
    verification_token: z.string().meta({ description: 'Proof-of-control token' }),
  })
  .meta({ id: 'DomainAddResult' });
export type DomainAddResult = z.infer<typeof domainAddResultSchema>;

/** `POST /domains/{id}/verify`: the domain after a successful check. */
export const domainVerifyResultSchema = z
  .object({ domain_record: domainRecordSchema })
  .meta({ id: 'DomainVerifyResult' });
export type DomainVerifyResult = z.infer<typeof domainVerifyResultSchema>;

/** `GET /domains?workspace_id`: a page of the workspace's domains and its platform host. */
export const domainListSchema = z
  .object({
    items: z.array(domainRecordSchema),
    next_cursor: nextCursorSchema,
    platform_host: z.string().nullable().meta({
      description: '`<slug>.<platform root>`: works without verification (null: no slug)',
    }),
    platform_url: z
      .string()
      .nullable()
      .meta({
        description:
          'The platform host as a browser reaches it: the scheme and port of the platform’s public URL ' +
          '(`http://northwind.localhost:3000` locally, `https://northwind.<root>` behind 443; null: no slug)',
      }),
  })
  .meta({ id: 'DomainList' });
export type DomainList = z.infer<typeof domainListSchema>;
