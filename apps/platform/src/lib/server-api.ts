import 'server-only';
import { cookies } from 'next/headers';
import { getRuntime } from '@/server/runtime';
import { ApiError, isErrorEnvelope } from './api-error';

/** What a server component may send (reads mostly; the browser does the writes). */
export interface ApiFetchInit {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  /**
   * The host the request is addressed to (default `internal`): for answers that depend on the
   * visitor's `Host`, e.g. the sign-in branding of a custom domain.
   */
  host?: string;
}

/**
 * Calls the API in process, as the visitor: builds a request to `/api${path}` carrying the
 * incoming cookies, hands it to the one Hono app, and returns the parsed JSON. A failure
 * throws `ApiError` with the envelope. Pages read data only through here, so the API's guard
 * stays the single place that decides who may see what.
 */
export async function apiFetch<T>(path: string, init: ApiFetchInit = {}): Promise<T> {
  const headers = new Headers({ accept: 'application/json' });
  const cookie = cookies().toString();
  if (cookie) headers.set('cookie', cookie);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const request = new Request(`http://${init.host ?? 'internal'}/api${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const response = await getRuntime().api.request(request);
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isErrorEnvelope(payload)) throw new ApiError(response.status, payload.error);
    throw new Error(
      `API ${init.method ?? 'GET'} ${path} answered ${response.status} without an envelope`,
    );
  }
  return payload as T;
}
