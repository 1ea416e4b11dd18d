import { describe, expect, it } from 'vitest';
import { correlationIdOf, createTestApi, expectError } from '@/server/api/testing';

// A process without DATABASE_URL: health and the API description answer, the API's other
// routes are SERVICE_UNAVAILABLE, and a path or method no route serves is NOT_FOUND as with a
// database. Its health answer (degraded, the database unavailable) is checked in
// health.test.ts, its document in detail in docs/openapi.test.ts.

describe('the API without a database', () => {
  it('serves the API reference and its document', async () => {
    const { api } = createTestApi(null);

    const docs = await api.request('/api/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('<div id="swagger-ui"></div>');
    const document = (await (await api.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/workspaces', '/api/auth/sign-in']),
    );
  });

  it.each([
    ['GET', '/api/workspaces'],
    ['POST', '/api/auth/sign-in'],
    ['GET', '/api/auth/session'],
    ['PATCH', '/api/workspaces/00000000-0000-4000-8000-000000000001'],
    ['POST', '/api/gateway/hello/echo'],
    ['GET', '/.well-known/jwks.json'],
  ])('answers %s %s with SERVICE_UNAVAILABLE', async (method, path) => {
    const { api, logs } = createTestApi(null);

    const response = await api.request(path, {
      method,
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
      ...(method === 'POST' ? { body: '{"email":"a@b.test","password":"x"}' } : {}),
    });

    await expectError(response, 'SERVICE_UNAVAILABLE');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(logs.find((line) => line.msg === 'request failed')).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      correlation_id: correlationIdOf(response),
    });
  });

  it('answers a path no route serves with NOT_FOUND', async () => {
    const { api } = createTestApi(null);

    await expectError(await api.request('/api/no-such-route', { method: 'DELETE' }), 'NOT_FOUND');
  });

  it('answers a method no route serves at a known path with NOT_FOUND and the allowed ones', async () => {
    const { api } = createTestApi(null);

    const response = await api.request('/api/workspaces', { method: 'DELETE' });

    expect(response.status).toBe(404);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(await response.json()).toMatchObject({
      error: { code: 'NOT_FOUND', details: { allowed_methods: ['GET', 'HEAD', 'POST'] } },
    });
  });

  it('still refuses a body over the limit first', async () => {
    const { api } = createTestApi(null);

    const response = await api.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) },
      body: 'x'.repeat(2 * 1024 * 1024),
    });

    expect(response.status).toBe(413);
  });
});
