import type { ErrorCode } from './error-codes';

/**
 * The safe, user-facing default message of each code: shown when a `ShellError` has no
 * more specific `userMessage`. They name no internals (tables, hosts, ids, stack frames).
 */
export const ERROR_USER_MESSAGES = {
  AUTH_REQUIRED: 'Please sign in to continue.',
  SESSION_INVALID: 'Your session has expired. Please sign in again.',
  WORKSPACE_REQUIRED: 'Choose a workspace to continue.',
  WORKSPACE_FORBIDDEN: 'You do not have access to this workspace.',
  PERMISSION_DENIED: 'You do not have permission to do this.',
  IMPERSONATION_FORBIDDEN: 'You are not allowed to impersonate.',
  MANIFEST_INVALID: 'The module manifest is invalid.',
  MANIFEST_INCOMPATIBLE: 'This module is not compatible with this platform version.',
  MODULE_NOT_REGISTERED: 'This module is not available.',
  MODULE_NOT_ENABLED: 'This module is not enabled in this workspace.',
  MODULE_TARGET_UNHEALTHY: 'This module is temporarily unavailable. Please try again later.',
  EVENT_SCHEMA_INVALID: 'The event does not match its declared schema.',
  EVENT_DELIVERY_FAILED: 'The event could not be delivered.',
  BILLING_REQUIRED: 'A subscription is required for this action.',
  BILLING_SUSPENDED: 'Billing for this workspace is suspended. Please update your payment details.',
  VALIDATION_BLOCKING: 'Some information is invalid. Please review it and try again.',
  CONFLICT: 'This conflicts with the current state. Refresh and try again.',
  RATE_LIMITED: 'Too many requests. Please wait a moment and try again.',
  INTERNAL_ERROR: 'Something went wrong. Please try again later.',
  IMPERSONATION_SCOPE_FORBIDDEN: 'You cannot impersonate this workspace.',
  INTEGRATION_PROVIDER_UNAVAILABLE:
    'The integration provider is unavailable. Please try again later.',
  INTEGRATION_SCOPE_FORBIDDEN: 'This integration access is not allowed for this workspace.',
  AI_JOB_INVALID_STATE: 'This job cannot move to that state.',
  AI_JOB_FORBIDDEN: 'You do not have access to this job.',
  DOMAIN_INVALID: 'This domain name is not valid.',
  DOMAIN_ALREADY_CLAIMED: 'This domain is already in use.',
  DOMAIN_VERIFICATION_FAILED:
    'We could not verify this domain. Check the DNS record and try again.',
  BRANDING_ASSET_INVALID: 'This file cannot be used as a branding asset.',
  NAVIGATION_INVALID: 'The navigation settings are invalid.',
  FEATURE_FLAG_INVALID: 'These feature settings are not allowed.',
  CREDENTIAL_RESOLUTION_FAILED: 'No credentials are available for this integration.',
  SDK_CONTRACT_INCOMPATIBLE: 'This contract version is not compatible.',
  ROUTE_PERMISSION_CONFIG_ERROR: 'This module action is misconfigured and has been blocked.',
  NOT_FOUND: 'Not found.',
  PAYLOAD_TOO_LARGE: 'The request is too large.',
} as const satisfies Record<ErrorCode, string>;
