import { z } from 'zod';
import { providerKeySchema } from './integration-connection';

/** Where a credential was found: the workspace's own level, an ancestor, or nowhere. */
export const CREDENTIAL_RESOLVED_SCOPES = ['business', 'agency', 'super', 'none'] as const;

/**
 * Why a resolution ended as it did (`credential_resolution_decisions.reason`):
 * - `own_credential`: the workspace's own valid credential;
 * - `parent_fallback`: an ancestor's valid credential, reached because every level before it
 *   allowed falling back;
 * - `not_found`: the workspace has no credential and its order ends there;
 * - `fallback_not_allowed`: a level had no credential and its policy forbids falling back;
 * - `credential_invalid`: a level's credential is invalid or expired and its policy does not
 *   let an invalid credential fall back (no silent fallback);
 * - `order_exhausted`: fallback was allowed, but no level of the order had a credential.
 */
export const CREDENTIAL_RESOLUTION_REASONS = [
  'own_credential',
  'parent_fallback',
  'not_found',
  'fallback_not_allowed',
  'credential_invalid',
  'order_exhausted',
] as const;
export const credentialResolutionReasonSchema = z
  .enum(CREDENTIAL_RESOLUTION_REASONS)
  .meta({ description: 'Why the resolution ended as it did' });
export type CredentialResolutionReason = z.infer<typeof credentialResolutionReasonSchema>;

const RESOLVED_REASONS: readonly CredentialResolutionReason[] = [
  'own_credential',
  'parent_fallback',
];

/**
 * The outcome of resolving a provider credential for a workspace (PRD §23.5): the ancestry
 * `business -> agency -> super` is walked within policy and never across agencies. It names
 * where the credential came from, never the secret itself. `decision_id` is the row of
 * `credential_resolution_decisions` that records it (every resolution writes one).
 */
export const credentialResolutionResultSchema = z
  .object({
    decision_id: z.uuid().meta({ description: 'The recorded decision (the resolution log row)' }),
    workspace_id: z.uuid().meta({ description: 'Workspace the credential was resolved for' }),
    provider_key: providerKeySchema,
    resolved_scope: z.enum(CREDENTIAL_RESOLVED_SCOPES),
    source_workspace_id: z
      .uuid()
      .nullable()
      .meta({ description: 'Workspace owning the credential; null when none was resolved' }),
    connection_id: z.uuid().nullable(),
    used_parent_fallback: z
      .boolean()
      .meta({ description: 'True when the credential came from an ancestor workspace' }),
    reason: credentialResolutionReasonSchema,
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
    if (resolved && result.connection_id === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['connection_id'],
        message: 'A resolved credential names its connection',
      });
    }
    if (resolved !== RESOLVED_REASONS.includes(result.reason)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'own_credential and parent_fallback exactly when a credential was resolved',
      });
    }
    if (result.used_parent_fallback !== (result.reason === 'parent_fallback')) {
      ctx.addIssue({
        code: 'custom',
        path: ['used_parent_fallback'],
        message: 'used_parent_fallback exactly when the reason is parent_fallback',
      });
    }
  })
  .meta({
    id: 'CredentialResolutionResult',
    description: 'Where a provider credential was resolved in the workspace ancestry',
  });
export type CredentialResolutionResult = z.infer<typeof credentialResolutionResultSchema>;
