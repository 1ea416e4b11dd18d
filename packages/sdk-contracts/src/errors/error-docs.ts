import type { ErrorCode } from './error-codes';

/**
 * When each error code is thrown, one line per code (the same line as its doc comment in
 * `error-codes.ts`). Served with the OpenAPI document so API clients can read it.
 */
export const ERROR_DOCS = {
  AUTH_REQUIRED:
    'No valid session accompanies a protected request, or sign-in credentials are wrong.',
  SESSION_INVALID:
    'The session or one-time token is unknown, expired, revoked or already signed out.',
  WORKSPACE_REQUIRED: 'The endpoint needs an active workspace and the session has none selected.',
  WORKSPACE_FORBIDDEN: 'The workspace addressed by the request is not visible to the caller.',
  PERMISSION_DENIED:
    'The caller lacks the capability the endpoint requires in the target workspace.',
  IMPERSONATION_FORBIDDEN:
    "This impersonation can never start: already impersonating, or the target is the caller's own or the super workspace.",
  MANIFEST_INVALID:
    'A module manifest fails validation: missing field, bad semver, unknown permission or event name, route collision.',
  MANIFEST_INCOMPATIBLE:
    'A valid manifest cannot run here: engines range excludes the shell contract version, or its key/version is taken by a different manifest.',
  MODULE_NOT_REGISTERED: 'No module with this key (or key and version) is registered.',
  MODULE_NOT_ENABLED:
    'The module is registered but not installed and enabled in the active workspace.',
  MODULE_TARGET_UNHEALTHY:
    "The module's runtime target fails its health check, times out, or its circuit breaker is open.",
  EVENT_SCHEMA_INVALID:
    'An emitted event is not declared by its emitter or its data fails the declared JSON Schema.',
  EVENT_DELIVERY_FAILED:
    'An event could not be delivered to a consumer after the last retry and went to the dead letter.',
  BILLING_REQUIRED:
    'The action needs a billing account or active subscription the workspace does not have.',
  BILLING_SUSPENDED:
    'The workspace entitlement blocks the action (suspended or canceled; grace blocks new paid activations).',
  VALIDATION_BLOCKING:
    'The request fails validation, or a validator blocks the action (weak password, invalid tokens, failing layout checks).',
  CONFLICT:
    'The change conflicts with current state: duplicate unique value, stale version, or illegal state move.',
  RATE_LIMITED: 'The caller exceeded a rate limit (sign-in, password reset, API, gateway).',
  INTERNAL_ERROR:
    'An unexpected failure; the client gets only this code, a generic message and the correlation id.',
  IMPERSONATION_SCOPE_FORBIDDEN:
    "The impersonation target is outside the caller's scope (e.g. a business its agency does not own).",
  INTEGRATION_PROVIDER_UNAVAILABLE:
    'The integration provider (e.g. Composio) is unreachable, failing or not configured.',
  INTEGRATION_SCOPE_FORBIDDEN:
    'The integration connection or requested scopes are outside what the workspace may use.',
  AI_JOB_INVALID_STATE:
    'The requested AI job transition is illegal from its current state (e.g. canceling a succeeded job).',
  AI_JOB_FORBIDDEN:
    'The caller may not create or read this AI job (no ai.orchestration.manage, or job outside scope).',
  DOMAIN_INVALID:
    'The host is not an acceptable custom domain (bad syntax, IP address, or a platform domain).',
  DOMAIN_ALREADY_CLAIMED: 'The host is already mapped to a workspace; hosts are globally unique.',
  DOMAIN_VERIFICATION_FAILED:
    'The DNS TXT record carrying the verification token was not found for the host.',
  BRANDING_ASSET_INVALID:
    "A branding asset's MIME type, magic bytes, size or scan result is not allowed.",
  NAVIGATION_INVALID:
    "A navigation profile's config fails validation (bad path, duplicate key, unknown item).",
  FEATURE_FLAG_INVALID:
    'A feature flag change names an unknown feature or an override the scope policy forbids.',
  CREDENTIAL_RESOLUTION_FAILED:
    'No usable credential exists for the provider in the workspace or, where policy allows, its ancestry.',
  SDK_CONTRACT_INCOMPATIBLE:
    "A requested or published SDK contract version is not compatible with the shell's contract version.",
  ROUTE_PERMISSION_CONFIG_ERROR:
    "A module API route's permission ends in an unknown suffix; the route fails closed (module developer rules).",
  NOT_FOUND:
    'Our addition, not in PRD §20.2: the route or the addressed resource does not exist or is not visible.',
  PAYLOAD_TOO_LARGE:
    'Our addition, not in PRD §20.2: the request body is larger than the API accepts (1 MiB), refused before it is parsed.',
} as const satisfies Record<ErrorCode, string>;
