import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import type { Db } from '@aiconnected/db';
import { setupTestDatabase } from '@aiconnected/db/testing';
import { errorEnvelopeSchema, ShellError } from '@aiconnected/sdk-contracts';
import { correlationIdOf, createTestApi, expectError } from '@/server/api/testing';

// The full API (its NOT_FOUND, its mounted routes) is served only with a database; nothing
// here queries it.
let db: Db;
setupTestDatabase(
  () => Promise.resolve(),
  ({ database }) => {
    db = database.db;
  },
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlation ids', () => {
  it('gives every response a fresh UUID and ignores one sent by the client', async () => {
    const { api } = createTestApi(db);

    const first = await api.request('/api/openapi.json', {
      headers: { 'x-correlation-id': 'client-chosen' },
    });
    const second = await api.request('/api/openapi.json');

    expect(correlationIdOf(first)).toMatch(UUID);
    expect(correlationIdOf(second)).toMatch(UUID);
    expect(correlationIdOf(first)).not.toBe(correlationIdOf(second));
  });

  it('writes one JSON request log line carrying the same id', async () => {
    const { api, logs } = createTestApi(db);

    const response = await api.request('/api/no-such-route?secret=1');

    const requestLines = logs.filter((line) => line.msg === 'request completed');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      level: 'info',
      method: 'GET',
      path: '/api/no-such-route',
      status: 404,
      correlation_id: correlationIdOf(response),
    });
    expect(typeof requestLines[0]?.duration_ms).toBe('number');
  });
});

describe('error envelopes', () => {
  it('answers an unknown route with the NOT_FOUND envelope', async () => {
    const { api } = createTestApi(db);

    await expectError(await api.request('/api/does-not-exist', { method: 'POST' }), 'NOT_FOUND');
  });

  it('answers a known path called with the wrong method with NOT_FOUND naming the allowed methods', async () => {
    const { api } = createTestApi(db);

    const response = await api.request('/api/health', { method: 'DELETE' });

    expect(response.status).toBe(404);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    const body: unknown = await response.json();
    expect(body).toStrictEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'This endpoint does not support DELETE.',
        details: { allowed_methods: ['GET', 'HEAD'] },
        correlation_id: correlationIdOf(response),
      },
    });
    expect(errorEnvelopeSchema.safeParse(body).success).toBe(true);
  });

  it('turns an unexpected exception into INTERNAL_ERROR without leaking it, and logs the stack', async () => {
    const { api, logs } = createTestApi(db);
    api.get('/boom', () => {
      throw new Error('password=hunter2 at db.internal:5432');
    });

    const response = await api.request('/api/boom');

    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toStrictEqual({
      error: {
        code: 'INTERNAL_ERROR',
        message: 'Something went wrong. Please try again later.',
        correlation_id: correlationIdOf(response),
      },
    });
    expect(text).not.toMatch(/hunter2|db\.internal|stack|at /);
    const logged = logs.find((line) => line.msg === 'unhandled error');
    expect(logged).toMatchObject({ level: 'error', correlation_id: correlationIdOf(response) });
    expect(JSON.stringify(logged)).toContain('password=hunter2');
    expect(JSON.stringify(logged)).toContain('errors.test.ts');
  });

  it('answers a thrown ShellError with its own envelope and status', async () => {
    const { api } = createTestApi(db);
    api.get('/conflict', () => {
      throw new ShellError('CONFLICT', 'slug taken by workspace 42', {
        details: { field: 'slug' },
      });
    });

    const response = await api.request('/api/conflict');

    expect(response.status).toBe(409);
    expect(await response.json()).toStrictEqual({
      error: {
        code: 'CONFLICT',
        message: 'This conflicts with the current state. Refresh and try again.',
        details: { field: 'slug' },
        correlation_id: correlationIdOf(response),
      },
    });
  });
});

describe('request validation', () => {
  const echoRoute = createRoute({
    method: 'post',
    path: '/echo/{id}',
    request: {
      params: z.object({ id: z.uuid() }),
      body: {
        required: true,
        content: {
          'application/json': { schema: z.object({ email: z.email(), count: z.number().int() }) },
        },
      },
    },
    responses: {
      200: {
        description: 'Echo',
        content: { 'application/json': { schema: z.object({ ok: z.boolean() }) } },
      },
    },
  });

  function apiWithEcho() {
    const testApi = createTestApi(db);
    testApi.api.openapi(echoRoute, (c) => c.json({ ok: true }, 200));
    return testApi;
  }

  it('answers an invalid body with VALIDATION_BLOCKING listing each issue', async () => {
    const { api } = apiWithEcho();

    const response = await api.request('/api/echo/6f1c1e0e-6d3c-4c55-9d5a-3f2b8a1e9c10', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-email' }),
    });

    expect(response.status).toBe(422);
    const body: unknown = await response.json();
    expect(errorEnvelopeSchema.safeParse(body).success).toBe(true);
    expect(body).toStrictEqual({
      error: {
        code: 'VALIDATION_BLOCKING',
        message: 'Some information is invalid. Please review it and try again.',
        details: {
          issues: [
            { path: 'body.email', message: expect.any(String) },
            { path: 'body.count', message: expect.any(String) },
          ],
        },
        correlation_id: correlationIdOf(response),
      },
    });
  });

  it('answers an invalid path parameter with VALIDATION_BLOCKING', async () => {
    const { api } = apiWithEcho();

    const response = await api.request('/api/echo/not-a-uuid', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com', count: 1 }),
    });

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: { code: 'VALIDATION_BLOCKING', details: { issues: [{ path: 'path.id' }] } },
    });
  });

  it('answers malformed JSON with VALIDATION_BLOCKING and a fixed message', async () => {
    const { api } = apiWithEcho();

    const response = await api.request('/api/echo/6f1c1e0e-6d3c-4c55-9d5a-3f2b8a1e9c10', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });

    expect(response.status).toBe(422);
    expect(await response.json()).toStrictEqual({
      error: {
        code: 'VALIDATION_BLOCKING',
        message: 'Some information is invalid. Please review it and try again.',
        details: { issues: [{ path: 'body', message: 'The request body could not be parsed.' }] },
        correlation_id: correlationIdOf(response),
      },
    });
  });

  it('passes a valid request through to the handler', async () => {
    const { api } = apiWithEcho();

    const response = await api.request('/api/echo/6f1c1e0e-6d3c-4c55-9d5a-3f2b8a1e9c10', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com', count: 2 }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ ok: true });
  });
});
