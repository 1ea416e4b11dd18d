import { connect } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEnv } from '@/env';
import { findFreePort } from '../../e2e/support/free-port';
import { expectSafeForKeepAlive, twoOnOneConnection } from './api/http/keep-alive-probe';
import { REQUEST_TIMEOUTS, startWebServer, type WebServer } from './web-server';

// The real start-up of the web server, with Next's pages stubbed (no build needed): proves
// the parts wired in `startWebServer` itself, here the answer to requests Node's parser
// refuses (client-error.ts, whose cases client-error.test.ts covers on a bare server).
vi.mock('next', () => ({
  default: () => ({
    prepare: () => Promise.resolve(),
    getRequestHandler: () => () => Promise.resolve(),
  }),
}));

let test: TestDatabase;
let server: WebServer;
let port: number;
beforeAll(async () => {
  test = await createTestDatabase();
  port = await findFreePort();
  server = await startWebServer({
    environment: loadEnv({
      DATABASE_URL: test.url,
      LOG_LEVEL: 'silent',
      DOMAIN_CHECK_INTERVAL_MS: '0',
      HOST: '127.0.0.1',
      PORT: String(port),
    }),
    dev: false,
    dir: '.',
    // Short, so a body that never ends is cut in seconds (the production values are longer).
    timeouts: { headersMs: 1_000, requestMs: 1_500, checkEveryMs: 250 },
  });
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

/** Writes `raw` on a fresh connection and reads the whole answer until the server closes it. */
function exchange(raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
}

describe('startWebServer', () => {
  it('answers headers over the limit with 431 and the PAYLOAD_TOO_LARGE envelope', async () => {
    const big = 'a'.repeat(20_000);
    const answer = await exchange(
      `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${big}\r\n\r\n`,
    );
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.split(' ')[1]).toBe('431');
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(body)).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE', details: { reason: 'headers' } },
    });
  });

  it.each([
    ['a Content-Length longer than what is sent', 'Content-Length: 100\r\n\r\n{"email":'],
    ['chunked without the last chunk', 'Transfer-Encoding: chunked\r\n\r\n9\r\n{"email":\r\n'],
  ])(
    'answers a request whose body never ends (%s) with 408 and closes it',
    async (_case, rest) => {
      const started = Date.now();
      const answer = await exchange(
        `POST /api/auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
          `Origin: http://127.0.0.1:${port}\r\nContent-Type: application/json\r\n${rest}`,
      );
      // Node's default would wait 300 s (the test's timeout cuts it first).
      expect(Date.now() - started).toBeLessThan(8_000);
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      expect(head.split(' ')[1]).toBe('408');
      expect(JSON.parse(body)).toMatchObject({
        error: { code: 'VALIDATION_BLOCKING', details: { reason: 'request_timeout' } },
      });
    },
    10_000,
  );

  it.each([
    ['a foreign host', 'POST /api/memberships HTTP/1.1\r\nHost: foreign.example\r\n', 'chunked'],
    ['an unknown API route', 'POST /api/no-such-route HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'length'],
    [
      'the gateway without a token',
      'POST /api/gateway/gw/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      'chunked',
    ],
  ])(
    'refuses %s before reading its body and answers the next request on the same connection',
    async (_case, head, framing) => {
      // Request lines throughout: any of the body parsed as a request would show as an answer.
      const line = 'GET /api/admin HTTP/1.1\r\nHost: x\r\n\r\n';
      const body = Buffer.from(line.repeat(Math.ceil((900 * 1024) / line.length)));
      const exchange = await twoOnOneConnection(
        port,
        {
          head:
            head +
            (framing === 'chunked'
              ? 'Transfer-Encoding: chunked\r\n\r\n'
              : `Content-Length: ${body.length}\r\n\r\n`),
          body,
          chunked: framing === 'chunked',
        },
        'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      );
      expect(exchange.answers[0]?.status).toBeGreaterThanOrEqual(400);
      expect(exchange.answers[0]?.status).toBeLessThan(500);
      const outcome = expectSafeForKeepAlive(
        exchange,
        (answer) => answer.status === 200 && answer.body.includes('"ok"'),
      );
      // Nothing read these bodies: Node drains them and the connection carries on.
      expect(outcome).toBe('drained');
    },
  );

  it('keeps timeouts that cut a never-ending body without cutting a 100 MiB gateway upload', () => {
    expect(REQUEST_TIMEOUTS.requestMs).toBe(300_000);
    expect(REQUEST_TIMEOUTS.headersMs).toBeLessThanOrEqual(20_000);
    expect(REQUEST_TIMEOUTS.checkEveryMs).toBeLessThanOrEqual(5_000);
  });
});
