import { z } from 'zod';
import { timestampSchema } from '../common/keys';

// The credentials of a module installation (docs/events.md): an API key the module calls the
// shell with (`Authorization: Bearer aicm_...`) and the secret the shell signs its webhooks
// with. Secrets are shown once, when issued; afterwards only prefixes.

export const INSTALLATION_CREDENTIAL_KINDS = ['api_key', 'webhook_secret'] as const;
export const installationCredentialKindSchema = z
  .enum(INSTALLATION_CREDENTIAL_KINDS)
  .meta({ id: 'InstallationCredentialKind' });
export type InstallationCredentialKind = z.infer<typeof installationCredentialKindSchema>;

/** One issued credential without its secret. */
export const installationCredentialViewSchema = z
  .object({
    id: z.uuid(),
    kind: installationCredentialKindSchema,
    prefix: z
      .string()
      .meta({ description: 'The first characters of the secret, to tell keys apart' }),
    created_at: timestampSchema,
    expires_at: timestampSchema
      .nullable()
      .meta({ description: 'End of the overlap after a newer one was issued; null = no end' }),
    revoked_at: timestampSchema.nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'InstallationCredential', description: 'A module installation credential' });
export type InstallationCredentialView = z.infer<typeof installationCredentialViewSchema>;

const issuedSecretSchema = z.object({
  id: z.uuid(),
  prefix: z.string(),
  secret: z.string().meta({ description: 'Shown once: store it now' }),
});

/** `POST /modules/{key}/credentials` (and install): the new secrets, shown once. */
export const issuedCredentialsSchema = z
  .object({
    api_key: issuedSecretSchema.optional().meta({ description: 'aicm_...: the Bearer key' }),
    webhook_secret: issuedSecretSchema
      .optional()
      .meta({ description: 'whsec_...: verifies the webhook-signature header' }),
    previous_expire_at: timestampSchema
      .nullable()
      .meta({ description: 'When the credentials they replace stop working; null if none' }),
  })
  .meta({ id: 'IssuedCredentials', description: 'New installation credentials (shown once)' });
export type IssuedCredentials = z.infer<typeof issuedCredentialsSchema>;

/** `POST /modules/{key}/credentials`: issue (rotate) credentials of the installation. */
export const issueCredentialsRequestSchema = z
  .object({
    workspace_id: z.uuid(),
    kinds: z
      .array(installationCredentialKindSchema)
      .min(1)
      .max(2)
      .default([...INSTALLATION_CREDENTIAL_KINDS])
      .meta({ description: 'What to issue (default both)' }),
    overlap_hours: z
      .int()
      .min(0)
      .max(168)
      .default(24)
      .meta({ description: 'How long the previous ones keep working, 0-168 h (default 24)' }),
  })
  .meta({ id: 'IssueCredentialsRequest', description: 'Credentials to issue' });
export type IssueCredentialsRequest = z.input<typeof issueCredentialsRequestSchema>;
