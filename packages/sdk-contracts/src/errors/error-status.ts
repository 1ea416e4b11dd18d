import type { ErrorCode } from './error-codes';

/**
 * The HTTP status of each error code: the only place it is decided, used by every route and
 * by the gateway's normalised error envelope.
 *
 * Rules:
 * - 401: no usable session. 403: authenticated but not allowed (`*_FORBIDDEN`,
 *   `PERMISSION_DENIED`, and `MODULE_NOT_ENABLED`: the caller may not use that module here).
 * - 422 for every "understood, but the content is not acceptable" code: `VALIDATION_BLOCKING`,
 *   every `*_INVALID`, every `*_INCOMPATIBLE`, and the checks that fail on submitted data
 *   (`DOMAIN_VERIFICATION_FAILED`, `CREDENTIAL_RESOLUTION_FAILED`). 400 is used only for
 *   `WORKSPACE_REQUIRED`, where a required input is missing before anything is evaluated.
 * - 409 for conflicts with current state, including illegal state moves (`AI_JOB_INVALID_STATE`).
 * - 402 for billing, 429 for rate limits, 404 for what does not exist, 413 for a body over
 *   the API's size limit.
 * - 5xx only for faults the caller cannot fix: 502 when a downstream consumer failed, 503
 *   when a dependency is down (retry later), 500 otherwise. `ROUTE_PERMISSION_CONFIG_ERROR` is
 *   500: the module's configuration is at fault, the request is refused (fail closed) and the
 *   5xx makes monitoring surface it.
 */
export const ERROR_STATUS = {
  AUTH_REQUIRED: 401,
  SESSION_INVALID: 401,
  WORKSPACE_REQUIRED: 400,
  WORKSPACE_FORBIDDEN: 403,
  PERMISSION_DENIED: 403,
  IMPERSONATION_FORBIDDEN: 403,
  MANIFEST_INVALID: 422,
  MANIFEST_INCOMPATIBLE: 422,
  MODULE_NOT_REGISTERED: 404,
  MODULE_NOT_ENABLED: 403,
  MODULE_TARGET_UNHEALTHY: 503,
  EVENT_SCHEMA_INVALID: 422,
  EVENT_DELIVERY_FAILED: 502,
  BILLING_REQUIRED: 402,
  BILLING_SUSPENDED: 402,
  VALIDATION_BLOCKING: 422,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  IMPERSONATION_SCOPE_FORBIDDEN: 403,
  INTEGRATION_PROVIDER_UNAVAILABLE: 503,
  INTEGRATION_SCOPE_FORBIDDEN: 403,
  AI_JOB_INVALID_STATE: 409,
  AI_JOB_FORBIDDEN: 403,
  DOMAIN_INVALID: 422,
  DOMAIN_ALREADY_CLAIMED: 409,
  DOMAIN_VERIFICATION_FAILED: 422,
  BRANDING_ASSET_INVALID: 422,
  NAVIGATION_INVALID: 422,
  FEATURE_FLAG_INVALID: 422,
  CREDENTIAL_RESOLUTION_FAILED: 422,
  SDK_CONTRACT_INCOMPATIBLE: 422,
  ROUTE_PERMISSION_CONFIG_ERROR: 500,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
} as const satisfies Record<ErrorCode, number>;
