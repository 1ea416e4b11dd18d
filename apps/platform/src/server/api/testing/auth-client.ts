import { expect } from 'vitest';
import { TREE_PASSWORD } from '@aiconnected/identity/testing';
import {
  ERROR_STATUS,
  ERROR_USER_MESSAGES,
  type ErrorCode,
  type SignInResult,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import type { ApiApp } from '../context';
import { TEST_ORIGIN } from './build-test-deps';

/** Headers that authenticate with the token as an API client would. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Headers that authenticate with the cookie as a same-site browser page would. */
export function cookie(token: string, origin: string | null = TEST_ORIGIN): Record<string, string> {
  return { cookie: `shell_session=${token}`, ...(origin === null ? {} : { origin }) };
}

/** A JSON request: `body` serialised, content type set. */
export function jsonRequest(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * Signs `user` in through the API with its tree's password (`TREE_PASSWORD` unless given) and
 * returns the session token (failing on anything but 200).
 */
export async function signInAs(
  api: ApiApp,
  user: { email: string },
  password: string = TREE_PASSWORD,
): Promise<string> {
  const response = await api.request(
    '/api/auth/sign-in',
    jsonRequest('POST', { email: user.email, password }),
  );
  expect(response.status, await response.clone().text()).toBe(200);
  const body = (await response.json()) as SignInResult;
  return body.session.access_token;
}

/**
 * The whole error envelope a route should answer with: `code`, its default user message
 * unless `message` is given, `details` when given, and this response's correlation id.
 */
export function envelope(
  response: Response,
  code: ErrorCode,
  details?: Record<string, unknown>,
  message: string = ERROR_USER_MESSAGES[code],
): unknown {
  const correlationId = response.headers.get('x-correlation-id');
  if (!correlationId) throw new Error('response has no x-correlation-id header');
  return {
    error: { code, message, ...(details ? { details } : {}), correlation_id: correlationId },
  };
}

/** Asserts status and whole envelope of a refused request. */
export async function expectError(
  response: Response,
  code: ErrorCode,
  details?: Record<string, unknown>,
  message?: string,
): Promise<void> {
  const body: unknown = await response.json();
  expect(body).toStrictEqual(envelope(response, code, details, message));
  expect(response.status).toBe(ERROR_STATUS[code]);
}

/** The workspace context the API resolves for a session token (the actor of domain calls). */
export async function contextOf(api: ApiApp, token: string): Promise<WorkspaceContext> {
  const response = await api.request('/api/auth/session', { headers: bearer(token) });
  const { context } = (await response.json()) as { context: WorkspaceContext | null };
  if (!context) throw new Error('the session has no context');
  return context;
}
