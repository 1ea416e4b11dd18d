/** One code's entry in `ERROR_CATALOG`. */
export interface ErrorCatalogEntry {
  /** The HTTP status the API answers with. */
  status: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 502 | 503;
  /**
   * The statuses a `ShellError` of this code may answer with instead (`ShellErrorOptions.status`),
   * when one code covers several HTTP meanings; absent: `status` only.
   */
  statuses?: readonly number[];
  /** The safe, user-facing default message. */
  message: string;
  /** When the code is thrown, one line. */
  doc: string;
}

/**
 * The stable error codes of the shell, one entry per code: PRD §20.2 in its order, then
 * `ROUTE_PERMISSION_CONFIG_ERROR` (module developer rules), `NOT_FOUND`, `PAYLOAD_TOO_LARGE`,
 * `SERVICE_UNAVAILABLE` and `INTEGRATION_OAUTH_STATE_INVALID` (our additions). Codes are never renamed or removed: API clients, the gateway and modules
 * branch on them. Each entry holds:
 * - `status`: the HTTP status, decided only here, used by every route and by the gateway's
 *   normalised error envelope;
 * - `message`: the safe, user-facing default message, shown when a `ShellError` has no more
 *   specific `userMessage`; it names no internals (tables, hosts, ids, stack frames);
 * - `doc`: when the code is thrown, one line, served with the OpenAPI document;
 * - `statuses` (rare): every status a `ShellError` of the code may answer with
 *   (`ShellErrorOptions.status`), for one code with several HTTP meanings: the gateway's
 *   `MODULE_TARGET_UNHEALTHY` is 502 (target unreachable), 504 (timed out) or 503 (default:
 *   circuit open, health check failed). Anything else throws when the error is made.
 *
 * Status rules:
 * - 401: no usable session. 403: authenticated but not allowed (`*_FORBIDDEN`,
 *   `PERMISSION_DENIED`, and `MODULE_NOT_ENABLED`: the caller may not use that module here).
 * - 422 for every "understood, but the content is not acceptable" code: `VALIDATION_BLOCKING`,
 *   every `*_INVALID`, every `*_INCOMPATIBLE`, and the checks that fail on submitted data
 *   (`DOMAIN_VERIFICATION_FAILED`, `CREDENTIAL_RESOLUTION_FAILED`). 400 is used only for
 *   `WORKSPACE_REQUIRED`, where a required input is missing before anything is evaluated.
 * - 409 for conflicts with current state, including illegal state moves (`AI_JOB_INVALID_STATE`).
 * - 402 for billing, 429 for rate limits, 404 for what does not exist, 413 for a body over
 *   the API's size limit (431 for headers over the web server's, `PAYLOAD_TOO_LARGE` too).
 * - What the web server refuses before parsing a request (web-server's client-error answer)
 *   keeps HTTP's status under the nearest code: 400/408 `VALIDATION_BLOCKING`, 431/413
 *   `PAYLOAD_TOO_LARGE`.
 * - 5xx only for faults the caller cannot fix: 502 when a downstream consumer failed, 503
 *   when a dependency is down (retry later), 500 otherwise. `ROUTE_PERMISSION_CONFIG_ERROR` is
 *   500: the module's configuration is at fault, the request is refused (fail closed) and the
 *   5xx makes monitoring surface it.
 */
export const ERROR_CATALOG = {
  AUTH_REQUIRED: {
    status: 401,
    message: 'Please sign in to continue.',
    doc: 'No valid session accompanies a protected request, or sign-in credentials are wrong.',
  },
  SESSION_INVALID: {
    status: 401,
    message: 'Your session has expired. Please sign in again.',
    doc: 'The session or one-time token is unknown, expired, revoked or already signed out.',
  },
  WORKSPACE_REQUIRED: {
    status: 400,
    message: 'Choose a workspace to continue.',
    doc: 'The endpoint needs an active workspace and the session has none selected.',
  },
  WORKSPACE_FORBIDDEN: {
    status: 403,
    message: 'You do not have access to this workspace.',
    doc: 'The workspace addressed by the request is not visible to the caller.',
  },
  PERMISSION_DENIED: {
    status: 403,
    message: 'You do not have permission to do this.',
    doc: 'The caller lacks the capability the endpoint requires in the target workspace.',
  },
  IMPERSONATION_FORBIDDEN: {
    status: 403,
    message: 'You are not allowed to impersonate.',
    doc: "This impersonation can never start: already impersonating, or the target is the caller's own or the super workspace.",
  },
  MANIFEST_INVALID: {
    status: 422,
    message: 'The module manifest is invalid.',
    doc: 'A module manifest fails validation: missing field, bad semver, unknown permission or event name, route collision.',
  },
  MANIFEST_INCOMPATIBLE: {
    status: 422,
    message: 'This module is not compatible with this platform version.',
    doc: 'A valid manifest cannot run here: engines range excludes the shell contract version, or its key/version is taken by a different manifest.',
  },
  MODULE_NOT_REGISTERED: {
    status: 404,
    message: 'This module is not available.',
    doc: 'No module with this key (or key and version) is registered.',
  },
  MODULE_NOT_ENABLED: {
    status: 403,
    message: 'This module is not enabled in this workspace.',
    doc: 'The module is registered but not installed and enabled in the active workspace.',
  },
  MODULE_TARGET_UNHEALTHY: {
    status: 503,
    message: 'This module is temporarily unavailable. Please try again later.',
    doc: "The module's runtime target fails its health check, times out, or its circuit breaker is open.",
    // The gateway: 502 the target is unreachable, 504 it timed out, 503 (default) breaker open.
    statuses: [502, 503, 504],
  },
  EVENT_SCHEMA_INVALID: {
    status: 422,
    message: 'The event does not match its declared schema.',
    doc: 'An emitted event is not declared by its emitter or its data fails the declared JSON Schema.',
  },
  EVENT_DELIVERY_FAILED: {
    status: 502,
    message: 'The event could not be delivered.',
    doc: 'An event could not be delivered to a consumer after the last retry and went to the dead letter.',
  },
  BILLING_REQUIRED: {
    status: 402,
    message: 'A subscription is required for this action.',
    doc: 'The action needs a billing account or active subscription the workspace does not have.',
  },
  BILLING_SUSPENDED: {
    status: 402,
    message: 'Billing for this workspace is suspended. Please update your payment details.',
    doc: 'The workspace entitlement blocks the action (suspended or canceled; grace blocks new paid activations).',
  },
  VALIDATION_BLOCKING: {
    status: 422,
    message: 'Some information is invalid. Please review it and try again.',
    doc: 'The request fails validation, or a validator blocks the action (weak password, invalid tokens, failing layout checks); 400 when the HTTP request itself cannot be parsed, 408 when it did not arrive in time (`details.reason: malformed_request | request_timeout`).',
    // The web server, before any route: 400 a malformed request line or header, 408 too slow.
    statuses: [422, 400, 408],
  },
  CONFLICT: {
    status: 409,
    message: 'This conflicts with the current state. Refresh and try again.',
    doc: 'The change conflicts with current state: duplicate unique value, stale version, or illegal state move.',
  },
  RATE_LIMITED: {
    status: 429,
    message: 'Too many requests. Please wait a moment and try again.',
    doc: 'The caller exceeded a rate limit (sign-in, password reset, API, gateway).',
  },
  INTERNAL_ERROR: {
    status: 500,
    message: 'Something went wrong. Please try again later.',
    doc: 'An unexpected failure; the client gets only this code, a generic message and the correlation id.',
  },
  IMPERSONATION_SCOPE_FORBIDDEN: {
    status: 403,
    message: 'You cannot impersonate this workspace.',
    doc: "The impersonation target is outside the caller's scope (e.g. a business its agency does not own).",
  },
  INTEGRATION_PROVIDER_UNAVAILABLE: {
    status: 503,
    message: 'The integration provider is unavailable. Please try again later.',
    doc: 'The integration provider (e.g. Composio) is unreachable, failing or not configured.',
  },
  INTEGRATION_SCOPE_FORBIDDEN: {
    status: 403,
    message: 'This integration access is not allowed for this workspace.',
    doc: 'The integration connection or requested scopes are outside what the workspace may use.',
  },
  AI_JOB_INVALID_STATE: {
    status: 409,
    message: 'This job cannot move to that state.',
    doc: 'The requested AI job transition is illegal from its current state (e.g. canceling a succeeded job).',
  },
  AI_JOB_FORBIDDEN: {
    status: 403,
    message: 'You do not have access to this job.',
    doc: 'The caller may not create or read this AI job (no ai.orchestration.manage, or job outside scope).',
  },
  DOMAIN_INVALID: {
    status: 422,
    message: 'This domain name is not valid.',
    doc: 'The host is not an acceptable custom domain (bad syntax, IP address, or a platform domain).',
  },
  DOMAIN_ALREADY_CLAIMED: {
    status: 409,
    message: 'This domain is already in use.',
    doc: 'The host is already mapped to a workspace; hosts are globally unique.',
  },
  DOMAIN_VERIFICATION_FAILED: {
    status: 422,
    message: 'We could not verify this domain. Check the DNS record and try again.',
    doc: 'The DNS TXT record carrying the verification token was not found for the host.',
  },
  BRANDING_ASSET_INVALID: {
    status: 422,
    message: 'This file cannot be used as a branding asset.',
    doc: "A branding asset's MIME type, magic bytes, size or scan result is not allowed.",
  },
  NAVIGATION_INVALID: {
    status: 422,
    message: 'The navigation settings are invalid.',
    doc: "A navigation profile's config fails validation (bad path, duplicate key, unknown item).",
  },
  FEATURE_FLAG_INVALID: {
    status: 422,
    message: 'These feature settings are not allowed.',
    doc: 'A feature flag change names an unknown feature or an override the scope policy forbids.',
  },
  CREDENTIAL_RESOLUTION_FAILED: {
    status: 422,
    message: 'No credentials are available for this integration.',
    doc: 'No usable credential exists for the provider in the workspace or, where policy allows, its ancestry.',
  },
  SDK_CONTRACT_INCOMPATIBLE: {
    status: 422,
    message: 'This contract version is not compatible.',
    doc: "A requested or published SDK contract version is not compatible with the shell's contract version.",
  },
  ROUTE_PERMISSION_CONFIG_ERROR: {
    status: 500,
    message: 'This module action is misconfigured and has been blocked.',
    doc: "A module API route's permission ends in an unknown suffix; the route fails closed (module developer rules).",
  },
  NOT_FOUND: {
    status: 404,
    message: 'Not found.',
    doc: 'Our addition, not in PRD §20.2: the route or the addressed resource does not exist or is not visible.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    message: 'The request is too large.',
    doc: "Our addition, not in PRD §20.2: the request body is larger than the API accepts (1 MiB), refused before it is parsed; 431 when the request line and headers exceed the web server's limit (`details.reason: headers`, a too long URL included).",
    // The web server, before any route: 431 request line + headers over Node's limit.
    statuses: [413, 431],
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: 'The service is temporarily unavailable.',
    doc: 'Our addition, not in PRD §20.2: something the request needs is down: the platform runs without its database (only health and the API description answer), a host lookup failed, or the branding file store cannot be reached (`details.reason: asset_store`); retry later, after `Retry-After` when sent.',
  },
  INTEGRATION_OAUTH_STATE_INVALID: {
    status: 422,
    message: 'This connection link is no longer valid. Start the connection again.',
    doc: "Our addition, not in PRD §20.2: the OAuth callback's state is unknown, already used, expired, or bound to another workspace or user (`details.reason`: unknown, replayed, expired, user_mismatch, workspace_mismatch).",
  },
} as const satisfies Record<string, ErrorCatalogEntry>;
