import { z } from 'zod';
import { correlationIdSchema, moduleKeySchema, timestampSchema } from '../common/keys';
import { pageSchema } from '../common/page';
import { safeText } from '../common/safe-text';
import {
  CREDENTIAL_RESOLVED_SCOPES,
  credentialResolutionReasonSchema,
  credentialResolutionResultSchema,
} from './credential-resolution-result';
import { scopeListSchema } from './integration-api';
import { providerKeySchema } from './integration-connection';

// The credentials API (issue 13, PRD §20.3 "credentials", §23.5): resolve, the policy per
// (workspace, provider) with its history, and the resolution log. snake_case, strict requests.

/** A level of the tenant tree a credential can come from. */
export const CREDENTIAL_LEVELS = ['business', 'agency', 'super'] as const;
export const credentialLevelSchema = z
  .enum(CREDENTIAL_LEVELS)
  .meta({ description: 'A level of the tenant tree' });
export type CredentialLevel = z.infer<typeof credentialLevelSchema>;

/**
 * The resolution orders a policy may hold (migration 046 checks the same list): contiguous
 * runs of business -> agency -> super. Its first level must be the policy's workspace type
 * (checked where the workspace is known).
 */
export const CREDENTIAL_RESOLUTION_ORDERS = [
  ['business'],
  ['business', 'agency'],
  ['business', 'agency', 'super'],
  ['agency'],
  ['agency', 'super'],
  ['super'],
] as const satisfies readonly (readonly CredentialLevel[])[];

/** The default order of a workspace of `type`: its own level up to super. */
export function defaultResolutionOrder(type: CredentialLevel): CredentialLevel[] {
  return CREDENTIAL_LEVELS.slice(CREDENTIAL_LEVELS.indexOf(type));
}

export const resolutionOrderSchema = z
  .array(credentialLevelSchema)
  .refine(
    (order) =>
      CREDENTIAL_RESOLUTION_ORDERS.some(
        (allowed) => allowed.length === order.length && allowed.every((l, i) => order[i] === l),
      ),
    'Must be a contiguous run of business, agency, super in that order',
  )
  .meta({ description: 'Levels tried in order, the workspace own level first' });

/** `POST /credentials/resolve`. */
export const resolveCredentialRequestSchema = z
  .strictObject({
    workspace_id: z.uuid(),
    provider_key: providerKeySchema,
    provider_account_ref: safeText(255)
      .min(1)
      .optional()
      .meta({ description: 'Prefer this account of the provider at each level' }),
  })
  .meta({ id: 'ResolveCredentialRequest', description: 'Resolve a credential for a workspace' });
export type ResolveCredentialRequest = z.infer<typeof resolveCredentialRequestSchema>;

/** The answer: where the credential was found (never the secret). */
export const resolveCredentialResponseSchema = z
  .object({
    resolution: credentialResolutionResultSchema,
    source_scope: credentialLevelSchema.meta({
      description: 'The level the credential came from (resolution.resolved_scope)',
    }),
  })
  .refine((answer) => answer.source_scope === answer.resolution.resolved_scope, {
    path: ['source_scope'],
    message: 'source_scope is resolution.resolved_scope',
  })
  .meta({ id: 'ResolveCredentialResponse', description: 'A resolved credential source' });
export type ResolveCredentialResponse = z.infer<typeof resolveCredentialResponseSchema>;

/** What a policy's switches and order mean, in levels and one sentence. */
export const credentialPolicyEffectSchema = z.object({
  levels: z.array(credentialLevelSchema).meta({
    description: 'The levels this policy lets resolution reach (ancestors may stop it earlier)',
  }),
  sentence: z
    .string()
    .min(1)
    .meta({ description: 'describeCredentialPolicy(): the same words in API and UI' }),
});
export type CredentialPolicyEffect = z.infer<typeof credentialPolicyEffectSchema>;

/** `GET /credentials/policies` and the answer of a PUT: the policy of (workspace, provider). */
export const credentialPolicySchema = z
  .object({
    id: z.uuid().nullable().meta({ description: 'Null: no policy row, the default is shown' }),
    workspace_id: z.uuid(),
    provider_key: providerKeySchema,
    version: z.int().min(0).meta({ description: 'Bumped by every change; 0 when no row exists' }),
    resolution_order: resolutionOrderSchema,
    allow_parent_fallback: z.boolean().meta({
      description: "May this workspace use its parent's credential; set in the parent workspace",
    }),
    fallback_when_invalid: z.boolean().meta({
      description:
        'May an invalid or expired own credential fall back too (needs allow_parent_fallback)',
    }),
    allowed_scopes: z
      .array(z.string().min(1))
      .nullable()
      .meta({ description: 'Narrows the scopes connections may request; null: no narrowing' }),
    effective: credentialPolicyEffectSchema,
  })
  .meta({ id: 'CredentialPolicy', description: "A workspace's credential policy for a provider" });
export type CredentialPolicy = z.infer<typeof credentialPolicySchema>;

/** `GET /credentials/policies` query. */
export const credentialPolicyQuerySchema = z.object({
  workspace_id: z.uuid(),
  provider_key: providerKeySchema,
});
export type CredentialPolicyQuery = z.infer<typeof credentialPolicyQuerySchema>;

/**
 * `PUT /credentials/policies`: the editable fields and the version the editor read
 * (`expected_version`, 0 when there was no row); another change in between is `CONFLICT`.
 */
export const putCredentialPolicyRequestSchema = z
  .strictObject({
    workspace_id: z.uuid(),
    provider_key: providerKeySchema,
    resolution_order: resolutionOrderSchema,
    allow_parent_fallback: z.boolean(),
    fallback_when_invalid: z.boolean(),
    allowed_scopes: scopeListSchema(0).nullable(),
    expected_version: z.int().min(0),
  })
  .refine((body) => !body.fallback_when_invalid || body.allow_parent_fallback, {
    path: ['fallback_when_invalid'],
    message: 'Falling back from an invalid credential needs allow_parent_fallback',
  })
  .meta({ id: 'PutCredentialPolicyRequest', description: 'Change a credential policy' });
export type PutCredentialPolicyRequest = z.infer<typeof putCredentialPolicyRequestSchema>;

/** How a history row came about. */
export const CREDENTIAL_POLICY_CHANGES = ['created', 'updated', 'deleted'] as const;

/** One version of a policy (`credential_policy_history`, kept 365 days). */
export const credentialPolicyHistoryEntrySchema = z
  .object({
    version: z.int().min(1),
    change: z.enum(CREDENTIAL_POLICY_CHANGES),
    resolution_order: resolutionOrderSchema,
    allow_parent_fallback: z.boolean(),
    fallback_when_invalid: z.boolean(),
    allowed_scopes: z.array(z.string().min(1)).nullable(),
    changed_by_user_id: z.uuid().nullable(),
    changed_at: timestampSchema,
  })
  .meta({ id: 'CredentialPolicyHistoryEntry', description: 'One version of a credential policy' });
export type CredentialPolicyHistoryEntry = z.infer<typeof credentialPolicyHistoryEntrySchema>;

const cursorSchema = safeText(512).meta({
  description: '`next_cursor` of the previous page, as returned (opaque)',
});

/** `GET /credentials/policies/history`: newest first. */
export const credentialPolicyHistoryQuerySchema = z.object({
  workspace_id: z.uuid(),
  provider_key: providerKeySchema,
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type CredentialPolicyHistoryQuery = z.infer<typeof credentialPolicyHistoryQuerySchema>;

export const credentialPolicyHistorySchema = pageSchema(credentialPolicyHistoryEntrySchema).meta({
  id: 'CredentialPolicyHistoryPage',
});
export type CredentialPolicyHistory = z.infer<typeof credentialPolicyHistorySchema>;

/** What a level held during a resolution. */
export const CREDENTIAL_STEP_STATES = ['valid', 'invalid', 'none'] as const;

/** One level visited by a resolution, with the switches its policy had. */
export const resolutionStepSchema = z.object({
  level: credentialLevelSchema,
  workspace_id: z.uuid(),
  credential: z.enum(CREDENTIAL_STEP_STATES),
  allow_parent_fallback: z.boolean(),
  fallback_when_invalid: z.boolean(),
});
export type ResolutionStep = z.infer<typeof resolutionStepSchema>;

export const RESOLUTION_OUTCOMES = ['resolved', 'failed'] as const;
export const RESOLUTION_CALLERS = ['api', 'server'] as const;

/** One recorded resolution (`credential_resolution_decisions`, PRD §23.5, §25.3); no secret. */
export const resolutionDecisionSchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid().meta({ description: 'The workspace resolved for' }),
    agency_workspace_id: z
      .uuid()
      .nullable()
      .meta({ description: 'The agency of its tree; null for a super-level request' }),
    provider_key: providerKeySchema,
    outcome: z.enum(RESOLUTION_OUTCOMES),
    resolved_scope: z.enum(CREDENTIAL_RESOLVED_SCOPES),
    source_workspace_id: z.uuid().nullable(),
    connection_id: z.uuid().nullable(),
    reason: credentialResolutionReasonSchema,
    steps: z.array(resolutionStepSchema),
    caller: z.enum(RESOLUTION_CALLERS),
    actor_user_id: z.uuid().nullable(),
    module_key: moduleKeySchema.nullable(),
    correlation_id: correlationIdSchema.nullable(),
    created_at: timestampSchema,
  })
  .meta({ id: 'CredentialResolutionDecision', description: 'A recorded credential resolution' });
export type ResolutionDecision = z.infer<typeof resolutionDecisionSchema>;

/** `GET /credentials/resolutions`: newest first; an agency sees its tree, super all. */
export const resolutionDecisionListQuerySchema = z.object({
  workspace_id: z.uuid().meta({ description: 'The agency or super workspace asking' }),
  provider_key: providerKeySchema.optional(),
  outcome: z.enum(RESOLUTION_OUTCOMES).optional(),
  reason: credentialResolutionReasonSchema.optional(),
  subject_workspace_id: z
    .uuid()
    .optional()
    .meta({ description: 'Only decisions made for this workspace of the tree' }),
  from: timestampSchema.optional().meta({ description: 'Created at or after (inclusive)' }),
  to: timestampSchema.optional().meta({ description: 'Created before (exclusive)' }),
  cursor: cursorSchema.optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .meta({ description: 'Page size, 1 to 200 (default 50)' }),
});
export type ResolutionDecisionListQuery = z.infer<typeof resolutionDecisionListQuerySchema>;

export const resolutionDecisionPageSchema = pageSchema(resolutionDecisionSchema).meta({
  id: 'CredentialResolutionDecisionPage',
});
export type ResolutionDecisionPage = z.infer<typeof resolutionDecisionPageSchema>;
