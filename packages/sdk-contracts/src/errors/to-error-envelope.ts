import type { ErrorEnvelope } from './error-envelope';
import { toShellError } from './to-shell-error';

/**
 * The client-facing envelope for any thrown value. Unknown errors become `INTERNAL_ERROR`
 * with the generic message: their message, stack and properties are never included.
 */
export function toErrorEnvelope(error: unknown, correlationId: string): ErrorEnvelope {
  return toShellError(error).toEnvelope(correlationId);
}
