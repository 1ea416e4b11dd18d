import type { JsonObject } from '../common/json';
import { ERROR_CATALOG } from './error-catalog';
import type { ErrorCode } from './error-codes';
import type { ErrorEnvelope } from './error-envelope';

// A registered symbol rather than `instanceof` alone: bundlers can load this module twice
// (server and edge bundles), and a ShellError from one copy must still be recognised.
const SHELL_ERROR_BRAND: unique symbol = Symbol.for('aiconnected.ShellError');

export interface ShellErrorOptions {
  /** Safe, user-facing message; defaults to the code's `message` in `ERROR_CATALOG`. */
  userMessage?: string;
  /** Public, JSON-serialisable specifics (sent to the client: put no secrets here). */
  details?: JsonObject;
  /** The underlying error, kept for logs only; never sent to a client. */
  cause?: unknown;
}

/**
 * The one error type of the shell (STYLE.md "Errors"). `message` is internal (logs);
 * clients only ever see `userMessage`, `code`, `details` and the correlation id.
 */
export class ShellError extends Error {
  override readonly name = 'ShellError';
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly details: JsonObject;
  readonly [SHELL_ERROR_BRAND] = true;

  constructor(code: ErrorCode, message: string, options: ShellErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.userMessage = options.userMessage ?? ERROR_CATALOG[code].message;
    this.details = options.details ?? {};
  }

  /** The HTTP status of this error's code (`ERROR_CATALOG`). */
  get status(): number {
    return ERROR_CATALOG[this.code].status;
  }

  /** The error body for the client; `details` is omitted when empty. */
  toEnvelope(correlationId: string): ErrorEnvelope {
    const hasDetails = Object.keys(this.details).length > 0;
    return {
      error: {
        code: this.code,
        message: this.userMessage,
        ...(hasDetails ? { details: this.details } : {}),
        correlation_id: correlationId,
      },
    };
  }
}

/** Whether `value` is a ShellError, also one created by another copy of this module. */
export function isShellError(value: unknown): value is ShellError {
  return (
    value instanceof ShellError ||
    (typeof value === 'object' && value !== null && SHELL_ERROR_BRAND in value)
  );
}
