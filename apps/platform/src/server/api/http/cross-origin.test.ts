import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { createTestApi, expectError, TEST_ORIGIN } from '@/server/api/testing';

// Cross-origin use of the API (PRD §39: denied unless listed in PLATFORM_ALLOWED_ORIGINS;
// the test API allows TEST_ORIGIN only). Every answer here comes before a route's query.

let database: TestDatabase;
let api: ReturnType<typeof createTestApi>['api'];

beforeAll(async () => {
  database = await createTestDatabase();
  api = createTestApi(database.db).api;
});
afterAll(() => database.drop());

const preflight = (origin: string, path = '/api/auth/sign-in') =>
  api.request(path, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });

describe('cross-origin requests', () => {
  it('answers an allowed origin’s preflight with CORS and credentials', async () => {
    const response = await preflight(TEST_ORIGIN);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('refuses another origin’s preflight with PERMISSION_DENIED, no CORS header', async () => {
    for (const origin of ['https://evil.example', 'null', `${TEST_ORIGIN}.evil.example`]) {
      const response = await preflight(origin);
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
      await expectError(
        response,
        'PERMISSION_DENIED',
        { reason: 'origin' },
        'This origin may not call the API.',
      );
    }
  });

  it('puts CORS headers only on an allowed origin’s answers', async () => {
    const allowed = await api.request('/api/health', { headers: { origin: TEST_ORIGIN } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(allowed.headers.get('access-control-expose-headers')).toContain('x-correlation-id');
    const other = await api.request('/api/health', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-credentials')).toBeNull();
    // Without an Origin (same-origin GET, a server) nothing changes.
    const none = await api.request('/api/health');
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('leaves the gateway without CORS (docs/modules.md "Gateway")', async () => {
    const response = await preflight(TEST_ORIGIN, '/api/gateway/hello/greeting');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
