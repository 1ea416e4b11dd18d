import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { createTestApi } from '@/server/api/testing';

let database: TestDatabase;
let server: ServerType;
let port: number;

beforeAll(async () => {
  // The full API, which is served only with a database: every answer here comes before a
  // route queries it.
  database = await createTestDatabase();
  server = serve({ fetch: createTestApi(database.db).api.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await database.drop();
});

/** One raw HTTP/1.1 request with exactly `headers` (node:http adds no body headers itself). */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; code: string | undefined; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    // A connection per request: one whose body was refused unread is closed by the server.
    const target = { host: '127.0.0.1', port, path, method, headers, agent: false };
    const outgoing = request(target, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        const parsed = JSON.parse(text) as { error?: { code: string } };
        const { headers } = response;
        resolve({ status: response.statusCode ?? 0, code: parsed.error?.code, headers });
      });
    });
    outgoing.on('error', reject);
    if (body !== undefined) outgoing.write(body);
    outgoing.end();
  });
}

describe('the body limit behind a real Node listener', () => {
  it('reads a small chunked body and refuses a large one', async () => {
    const chunked = { 'content-type': 'application/json', 'transfer-encoding': 'chunked' };
    const small = await send('POST', '/api/auth/sign-in', chunked, '{"email":"x"}');
    expect(small).toMatchObject({ status: 422, code: 'VALIDATION_BLOCKING' });
    const large = await send(
      'POST',
      '/api/auth/sign-in',
      { ...chunked, connection: 'keep-alive' },
      'x'.repeat(1024 * 1024 + 1),
    );
    expect(large).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    // The rest of the body is never read: a keep-alive client is told the connection ends.
    expect(large.headers.connection).toBe('close');
  });

  it('reads a body of declared length and refuses one declared over the limit', async () => {
    const body = '{"email":"x"}';
    const small = await send(
      'POST',
      '/api/auth/sign-in',
      { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
    );
    expect(small).toMatchObject({ status: 422, code: 'VALIDATION_BLOCKING' });
    const tooLarge = 'x'.repeat(1024 * 1024 + 1);
    const large = await send(
      'POST',
      '/api/auth/sign-in',
      {
        'content-type': 'application/json',
        'content-length': String(tooLarge.length),
        connection: 'keep-alive',
      },
      tooLarge,
    );
    expect(large).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    // The rest of the body is never read: a keep-alive client is told the connection ends.
    expect(large.headers.connection).toBe('close');
  });

  it('sends the security headers, no-store and a correlation id on the wire', async () => {
    const answer = await send('GET', '/api/no-such-route', {});
    const { 'x-correlation-id': correlationId, date, connection: _, ...headers } = answer.headers;
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof date).toBe('string');
    expect(headers).toStrictEqual({
      'cache-control': 'no-store',
      'content-length': String(headers['content-length']),
      'content-security-policy':
        "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
      'content-type': 'application/json',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    });
    expect(answer).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('dot segments behind a real Node listener', () => {
  it('answers a path that resolves outside /api with the full API envelope', async () => {
    for (const path of [
      '/api/../etc/passwd',
      '/api/branding/files/../../../etc/passwd',
      '/api/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const answer = await send('GET', path, {});
      expect(answer, path).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      expect(answer.headers['x-correlation-id'], path).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers['cache-control'], path).toBe('no-store');
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
      expect(answer.headers['content-security-policy'], path).toContain("default-src 'none'");
    }
  });
});
