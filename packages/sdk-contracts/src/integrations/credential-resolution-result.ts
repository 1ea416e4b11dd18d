import { z } from 'zod';

/** Where a credential was found: the workspace's own level, an ancestor, or nowhere. */
export const CREDENTIAL_RESOLVED_SCOPES = ['business', 'agency', 'super', 'none'] as const;

/**
 * The outcome of resolving a provider credential for a workspace (PRD §23.5): the ancestry
 * `business -> agency -> super` is walked within policy and never across agencies. It names
 * where the credential came from, never the secret itself. Also the audit metadata of the
 * decision (provider, workspace, resolved scope).
 */
export const credentialResolutionResultSchema = z
  .object({
    workspace_id: z.uuid().meta({ description: 'Workspace the credential was resolved for' }),
    provider_key: z.string().min(1).max(64),
    resolved_scope: z.enum(CREDENTIAL_RESOLVED_SCOPES),
    source_workspace_id: z
      .uuid()
      .nullable()
      .meta({ description: 'Workspace owning the credential; null when none was resolved' }),
    connection_id: z.uuid().nullable(),
    used_parent_fallback: z
      .boolean()
      .meta({ description: 'True when the credential came from an ancestor workspace' }),
  })
  .superRefine((result, ctx) => {
    const resolved = result.resolved_scope !== 'none';
    if (resolved !== (result.source_workspace_id !== null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['source_workspace_id'],
        message: 'source_workspace_id must be set exactly when a credential was resolved',
      });
    }
    if (!resolved && result.used_parent_fallback) {
      ctx.addIssue({
        code: 'custom',
        path: ['used_parent_fallback'],
        message: 'Nothing resolved, so no fallback was used',
      });
    }
  })
  .meta({
    id: 'CredentialResolutionResult',
    description: 'Where a provider credential was resolved in the workspace ancestry',
  });
export type CredentialResolutionResult = z.infer<typeof credentialResolutionResultSchema>;
