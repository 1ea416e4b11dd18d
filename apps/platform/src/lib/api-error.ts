import type { ErrorEnvelope } from '@aiconnected/sdk-contracts';

/** The `error` member of the error envelope every failed API call answers with. */
type ApiErrorBody = ErrorEnvelope['error'];

/** Error codes of `GET /api/auth/session` that mean "nobody is signed in" rather than a fault. */
export const SIGNED_OUT_CODES: ReadonlySet<string> = new Set(['AUTH_REQUIRED', 'SESSION_INVALID']);

/**
 * A failed API call, carrying the error envelope the API answered with. Its `message` is the
 * envelope's, which the API guarantees is safe to show a person.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ApiErrorBody;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }

  get code(): ApiErrorBody['code'] {
    return this.body.code;
  }
}

/** Whether a parsed JSON body is the error envelope (`{ error: { code, message, ... } }`). */
export function isErrorEnvelope(value: unknown): value is { error: ApiErrorBody } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
