import { connect } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEnv } from '@/env';
import { findFreePort } from '../../e2e/support/free-port';
import { startWebServer, type WebServer } from './web-server';

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
});
