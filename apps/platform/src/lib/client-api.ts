import { isErrorEnvelope } from './api-error';
import type { ErrorEnvelope } from '@aiconnected/sdk-contracts';

/** The outcome of a browser-side API call: the data, or a message safe to show. */
export type ApiResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      message: string;
      code: ErrorEnvelope['error']['code'] | 'NETWORK_ERROR';
      error?: ErrorEnvelope['error'];
    };

const NETWORK_MESSAGE = 'Could not reach the server. Check your connection and try again.';
const UNEXPECTED_MESSAGE = 'Something went wrong. Please try again later.';

/**
 * Calls `/api${path}` from the browser with the session cookie (same origin, so the API's
 * origin check passes) and a JSON body. Never throws: a failure becomes the envelope's
 * message, which the API guarantees is safe to show; anything else a generic sentence.
 */
export async function callApi<T>(
  path: string,
  init: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown } = {},
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    return { ok: false, message: NETWORK_MESSAGE, code: 'NETWORK_ERROR' };
  }
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, data: payload as T };
  if (isErrorEnvelope(payload)) {
    return {
      ok: false,
      message: payload.error.message,
      code: payload.error.code,
      error: payload.error,
    };
  }
  return { ok: false, message: UNEXPECTED_MESSAGE, code: 'INTERNAL_ERROR' };
}
