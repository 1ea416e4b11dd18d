import type { JsonObject } from '../common/json';
import { ERROR_CATALOG, type ErrorCatalogEntry } from './error-catalog';
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
  /**
   * An HTTP status other than the code's `status`, allowed only when the code's catalog entry
   * lists it in `statuses` (e.g. `MODULE_TARGET_UNHEALTHY` 504 for a gateway timeout); any other
   * value throws at construction (a programming error, never a client's).
   */
  status?: number;
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
  readonly #status: number;

  constructor(code: ErrorCode, message: string, options: ShellErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.userMessage = options.userMessage ?? ERROR_CATALOG[code].message;
    this.details = options.details ?? {};
    this.#status = statusOf(code, options.status);
  }

  /** The HTTP status: the code's (`ERROR_CATALOG`), or the override its `statuses` allow. */
  get status(): number {
    return this.#status;
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

/** `code`'s catalog status, or `override` when the catalog lists it in the code's `statuses`. */
function statusOf(code: ErrorCode, override: number | undefined): number {
  const entry: ErrorCatalogEntry = ERROR_CATALOG[code];
  if (override === undefined || override === entry.status) return entry.status;
  if (entry.statuses?.includes(override) === true) return override;
  throw new Error(`HTTP status ${override} is not one of ${code}'s catalog statuses`);
}

/** Whether `value` is a ShellError, also one created by another copy of this module. */
export function isShellError(value: unknown): value is ShellError {
  return (
    value instanceof ShellError ||
    (typeof value === 'object' && value !== null && SHELL_ERROR_BRAND in value)
  );
}
