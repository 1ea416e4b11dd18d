import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseForeignHost } from '@/server/refuse-foreign-host';

const BASE_URL = 'http://devbox.example:3000';

/** A listener that refuses as the web server does, else answers 200 `served`. */
function listen(isLocal: boolean): Promise<{ server: Server; port: number }> {
  const server = createServer((incoming, outgoing) => {
    const api = (incoming.url ?? '/').startsWith('/api');
    if (refuseForeignHost(incoming, outgoing, { config: { isLocal, baseUrl: BASE_URL }, api })) {
      return;
    }
    outgoing.end('served');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port }),
    ),
  );
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request on the wire with `host` as its Host header (Node answers none with 400 itself). */
function send(port: number, method: string, path: string, host: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = { host: '127.0.0.1', port, method, path, headers: { host } };
    const outgoing = request(target, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the web server in local mode, by Host', () => {
  let local: { server: Server; port: number };
  beforeAll(async () => {
    local = await listen(true);
  });
  afterAll(() => new Promise((resolve) => local.server.close(resolve)));

  it('refuses an API request for a rebound name with the NOT_FOUND envelope', async () => {
    const answer = await send(local.port, 'POST', '/api/auth/sign-in', 'evil.test:3300');
    const correlationId = answer.headers['x-correlation-id'];
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.status).toBe(404);
    expect(answer.headers).toMatchObject({
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    expect(JSON.parse(answer.text)).toStrictEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'This server does not answer requests addressed to that host.',
        details: { reason: 'host' },
        correlation_id: correlationId,
      },
    });
  });

  it.each([
    ['a rebound name', 'evil.test:3300'],
    ['another loopback address', '127.0.0.2:3000'],
  ])('answers a page requested with %s with 421 Misdirected Request', async (_, host) => {
    const answer = await send(local.port, 'GET', '/super', host);
    expect(answer.status).toBe(421);
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(answer.text).toContain('Misdirected Request');
  });

  it.each([
    'localhost:3300',
    '127.0.0.1:3300',
    '[::1]:3300',
    'app.localhost',
    'devbox.example:3000',
  ])('serves pages and API addressed to %s', async (host) => {
    for (const path of ['/super', '/api/auth/sign-in']) {
      const answer = await send(local.port, 'GET', path, host);
      expect({ path, status: answer.status, text: answer.text }).toStrictEqual({
        path,
        status: 200,
        text: 'served',
      });
    }
  });
});

describe('the web server outside local mode', () => {
  let deployed: { server: Server; port: number };
  beforeAll(async () => {
    deployed = await listen(false);
  });
  afterAll(() => new Promise((resolve) => deployed.server.close(resolve)));

  it('serves any Host (custom domains decide which ones, with the white-label work)', async () => {
    for (const path of ['/super', '/api/health']) {
      expect((await send(deployed.port, 'GET', path, 'customer.example')).status).toBe(200);
    }
  });
});
