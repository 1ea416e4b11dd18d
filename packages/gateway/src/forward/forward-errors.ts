import { ShellError, type JsonObject } from '@aiconnected/sdk-contracts';

/** Why a module target did not answer (`details.reason` of MODULE_TARGET_UNHEALTHY). */
export type TargetFailureReason =
  'unreachable' | 'timeout' | 'address_not_allowed' | 'circuit_open';

const STATUS: Record<TargetFailureReason, number> = {
  unreachable: 502,
  address_not_allowed: 502,
  timeout: 504,
  circuit_open: 503,
};

/**
 * `MODULE_TARGET_UNHEALTHY` with the status that says why (502 unreachable or refused
 * address, 504 timeout, 503 circuit open; the catalog lists these statuses) and
 * `details { module_key, reason, ... }`.
 */
export function targetUnhealthy(
  moduleKey: string,
  reason: TargetFailureReason,
  message: string,
  extra: JsonObject = {},
  cause?: unknown,
): ShellError {
  return new ShellError('MODULE_TARGET_UNHEALTHY', message, {
    status: STATUS[reason],
    details: { module_key: moduleKey, reason, ...extra },
    cause,
  });
}

/** Whether an error is a target failure that counts against its circuit breaker. */
export function countsAgainstTarget(error: unknown): boolean {
  if (!(error instanceof ShellError) || error.code !== 'MODULE_TARGET_UNHEALTHY') return false;
  const reason = error.details.reason;
  return reason === 'unreachable' || reason === 'timeout';
}

/** `PAYLOAD_TOO_LARGE` for a body over the gateway's limit. */
export function bodyTooLarge(maxBodyBytes: number): ShellError {
  return new ShellError('PAYLOAD_TOO_LARGE', `request body over ${maxBodyBytes} bytes`, {
    details: { max_bytes: maxBodyBytes },
  });
}
