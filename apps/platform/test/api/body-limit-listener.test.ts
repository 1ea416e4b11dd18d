import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi } from './test-api';

let server: ServerType;
let port: number;

beforeAll(async () => {
  // No database: every answer here comes before a route would need one.
  server = serve({ fetch: createTestApi(null).api.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** One raw HTTP/1.1 request with exactly `headers` (node:http adds no body headers itself). */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; code: string | undefined }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        const parsed = JSON.parse(text) as { error?: { code: string } };
        resolve({ status: response.statusCode ?? 0, code: parsed.error?.code });
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
    expect(small).toStrictEqual({ status: 422, code: 'VALIDATION_BLOCKING' });
    const large = await send('POST', '/api/auth/sign-in', chunked, 'x'.repeat(1024 * 1024 + 1));
    expect(large).toStrictEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });
});
