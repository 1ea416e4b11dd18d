import { z } from 'zod';

/**
 * The stable error codes of the shell: PRD §20.2 in its order, then
 * `ROUTE_PERMISSION_CONFIG_ERROR` (module developer rules), `NOT_FOUND` and `PAYLOAD_TOO_LARGE`
 * (our additions).
 * Codes are never renamed or removed: API clients, the gateway and modules branch on them.
 * Each comment says when the code is thrown; `ERROR_DOCS` holds the same line at runtime.
 */
export const ERROR_CODES = [
  /** No valid session accompanies a protected request, or sign-in credentials are wrong. */
  'AUTH_REQUIRED',
  /** The session or one-time token is unknown, expired, revoked or already signed out. */
  'SESSION_INVALID',
  /** The endpoint needs an active workspace and the session has none selected. */
  'WORKSPACE_REQUIRED',
  /** The workspace addressed by the request is not visible to the caller. */
  'WORKSPACE_FORBIDDEN',
  /** The caller lacks the capability the endpoint requires in the target workspace. */
  'PERMISSION_DENIED',
  /** This impersonation can never start: already impersonating, or the target is the caller's own or the super workspace. */
  'IMPERSONATION_FORBIDDEN',
  /** A module manifest fails validation: missing field, bad semver, unknown permission or event name, route collision. */
  'MANIFEST_INVALID',
  /** A valid manifest cannot run here: engines range excludes the shell contract version, or its key/version is taken by a different manifest. */
  'MANIFEST_INCOMPATIBLE',
  /** No module with this key (or key and version) is registered. */
  'MODULE_NOT_REGISTERED',
  /** The module is registered but not installed and enabled in the active workspace. */
  'MODULE_NOT_ENABLED',
  /** The module's runtime target fails its health check, times out, or its circuit breaker is open. */
  'MODULE_TARGET_UNHEALTHY',
  /** An emitted event is not declared by its emitter or its data fails the declared JSON Schema. */
  'EVENT_SCHEMA_INVALID',
  /** An event could not be delivered to a consumer after the last retry and went to the dead letter. */
  'EVENT_DELIVERY_FAILED',
  /** The action needs a billing account or active subscription the workspace does not have. */
  'BILLING_REQUIRED',
  /** The workspace entitlement blocks the action (suspended or canceled; grace blocks new paid activations). */
  'BILLING_SUSPENDED',
  /** The request fails validation, or a validator blocks the action (weak password, invalid tokens, failing layout checks). */
  'VALIDATION_BLOCKING',
  /** The change conflicts with current state: duplicate unique value, stale version, or illegal state move. */
  'CONFLICT',
  /** The caller exceeded a rate limit (sign-in, password reset, API, gateway). */
  'RATE_LIMITED',
  /** An unexpected failure; the client gets only this code, a generic message and the correlation id. */
  'INTERNAL_ERROR',
  /** The impersonation target is outside the caller's scope (e.g. a business its agency does not own). */
  'IMPERSONATION_SCOPE_FORBIDDEN',
  /** The integration provider (e.g. Composio) is unreachable, failing or not configured. */
  'INTEGRATION_PROVIDER_UNAVAILABLE',
  /** The integration connection or requested scopes are outside what the workspace may use. */
  'INTEGRATION_SCOPE_FORBIDDEN',
  /** The requested AI job transition is illegal from its current state (e.g. canceling a succeeded job). */
  'AI_JOB_INVALID_STATE',
  /** The caller may not create or read this AI job (no ai.orchestration.manage, or job outside scope). */
  'AI_JOB_FORBIDDEN',
  /** The host is not an acceptable custom domain (bad syntax, IP address, or a platform domain). */
  'DOMAIN_INVALID',
  /** The host is already mapped to a workspace; hosts are globally unique. */
  'DOMAIN_ALREADY_CLAIMED',
  /** The DNS TXT record carrying the verification token was not found for the host. */
  'DOMAIN_VERIFICATION_FAILED',
  /** A branding asset's MIME type, magic bytes, size or scan result is not allowed. */
  'BRANDING_ASSET_INVALID',
  /** A navigation profile's config fails validation (bad path, duplicate key, unknown item). */
  'NAVIGATION_INVALID',
  /** A feature flag change names an unknown feature or an override the scope policy forbids. */
  'FEATURE_FLAG_INVALID',
  /** No usable credential exists for the provider in the workspace or, where policy allows, its ancestry. */
  'CREDENTIAL_RESOLUTION_FAILED',
  /** A requested or published SDK contract version is not compatible with the shell's contract version. */
  'SDK_CONTRACT_INCOMPATIBLE',
  /** A module API route's permission ends in an unknown suffix; the route fails closed (module developer rules). */
  'ROUTE_PERMISSION_CONFIG_ERROR',
  /** Our addition, not in PRD §20.2: the route or the addressed resource does not exist or is not visible. */
  'NOT_FOUND',
  /** Our addition, not in PRD §20.2: the request body is larger than the API accepts (1 MiB), refused before it is parsed. */
  'PAYLOAD_TOO_LARGE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether a string is one of the stable error codes. */
export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

/** The stable error codes as a zod enum (OpenAPI: `ErrorCode`). */
export const errorCodeSchema = z.enum(ERROR_CODES).meta({
  id: 'ErrorCode',
  description: 'Stable error code (PRD §20.2); never renamed or removed',
});
