import { z } from 'zod';
import { timestampSchema } from '../common/keys';

/**
 * A lower-case DNS host name with at least two labels, no port, no trailing dot and a
 * non-numeric top-level label (so IPv4 addresses are refused). Stored lower-case because
 * hosts are unique across all workspaces.
 */
const HOST_PATTERN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Whether `value` is an acceptable custom-domain host (lower-case). */
export function isDomainHost(value: string): boolean {
  return HOST_PATTERN.test(value);
}

/**
 * Workspace slugs no workspace may take: `<slug>.<PLATFORM_CUSTOM_DOMAIN_ROOT>` is a workspace's
 * platform host, so a business named "App" must not get `app.<root>` when that is (or could
 * become) the product's own sign-in host. Host routing never maps these labels to a workspace,
 * and new workspaces skip them (`-2`).
 */
export const RESERVED_WORKSPACE_SLUGS: ReadonlySet<string> = new Set([
  'app',
  'www',
  'api',
  'admin',
  'mail',
  'smtp',
  'static',
  'assets',
  'cdn',
  'status',
  'docs',
  'help',
  'support',
  'auth',
  'login',
  'signin',
  'sign-in',
  'account',
  'accounts',
  'platform',
  'dashboard',
  'billing',
  'security',
  'internal',
]);

/**
 * Domain lifecycle (PRD §15.1, docs/domains.md): added `pending`, `verified` once its TXT record
 * holds the token, `failed` when the background checks gave up on a pending one, `lost` when a
 * verified one's record vanished (it stops routing). Removing a domain deletes it (its check
 * history stays).
 */
export const DOMAIN_STATUSES = ['pending', 'verified', 'failed', 'lost'] as const;
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];

/** A custom domain of a workspace (`workspace_domains`); its host maps to the workspace branding. */
export const domainMappingSchema = z
  .object({
    id: z.uuid(),
    host: z
      .string()
      .refine(isDomainHost, 'Must be a lower-case host name such as login.agency.example')
      .meta({ description: 'Lower-case host name, globally unique' }),
    workspace_id: z.uuid(),
    status: z.enum(DOMAIN_STATUSES),
    verification_token: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,128}$/, 'Must be 16-128 URL-safe characters')
      .meta({ description: 'Value of the DNS TXT record that proves control of the host' }),
    verified_at: timestampSchema.nullable(),
  })
  .superRefine((domain, ctx) => {
    if (domain.status === 'verified' && domain.verified_at === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['verified_at'],
        message: 'A verified domain has verified_at',
      });
    }
  })
  .meta({ id: 'DomainMapping', description: 'Custom domain of a workspace and its verification' });
export type DomainMapping = z.infer<typeof domainMappingSchema>;
