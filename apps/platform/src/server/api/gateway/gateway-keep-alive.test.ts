import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi } from '@/server/api/testing';
import {
  expectSafeForKeepAlive,
  twoOnOneConnection,
  type WireAnswer,
} from '../http/keep-alive-probe';
import { GATEWAY_TEST_KEY as KEY, serveApi, setupGatewayRouteTest } from './gateway-test-kit';

// The gateway listener's refusals answered before the body has fully arrived, each followed on
// the SAME connection by a keep-alive client's next request: the body drained and the next
// request answered there, or the refusal says `Connection: close` and the connection ends.
// Before the fix a refusal after the body was handed to the forward (MODULE_NOT_ENABLED, a
// module route that does not exist, PAYLOAD_TOO_LARGE) said keep-alive and the connection then
// answered nothing more (the body's rest left unread on it).

const { setup, origin } = setupGatewayRouteTest();
/** The same API with a 1 MiB gateway body limit (GATEWAY_MAX_BODY_BYTES is 100 MiB). */
let small: { origin: string; close(): Promise<void> } | undefined;
beforeAll(async () => {
  const api = createTestApi(setup.deps.db, { gateway: { maxBodyBytes: 1024 * 1024 } });
  small = await serveApi(api);
});
afterAll(async () => small?.close());

const MIB = 1024 * 1024;
/** Request lines throughout: any of the body parsed as a request would show as an answer. */
const SMUGGLED = 'GET /api/admin HTTP/1.1\r\nHost: x\r\n\r\n';
const bodyOf = (size: number) =>
  Buffer.from(SMUGGLED.repeat(Math.ceil(size / SMUGGLED.length)).slice(0, size));
const isHealth = (answer: WireAnswer) => answer.status === 200 && answer.body.includes('"ok"');
const codeOf = (answer: WireAnswer | undefined) =>
  (JSON.parse(answer?.body ?? '{}') as { error?: { code: string } }).error?.code;
const member = () => `Authorization: Bearer ${setup.tokens['A1.business_user']}\r\n`;

type Case = [
  name: string,
  auth: () => string,
  path: string,
  status: number,
  code: string | undefined,
  expected: 'drained' | 'closed' | 'either',
  limited?: boolean,
];
const cases: Case[] = [
  ['AUTH_REQUIRED', () => '', `${KEY}/echo`, 401, 'AUTH_REQUIRED', 'drained'],
  [
    'SESSION_INVALID',
    () => `Authorization: Bearer ${'x'.repeat(43)}\r\n`,
    `${KEY}/echo`,
    401,
    'SESSION_INVALID',
    'drained',
  ],
  ['MODULE_NOT_ENABLED', member, 'gw-off/echo', 403, 'MODULE_NOT_ENABLED', 'closed'],
  [
    'NOT_FOUND for a route the module does not declare',
    member,
    `${KEY}/nope`,
    404,
    'NOT_FOUND',
    'closed',
  ],
  ['PAYLOAD_TOO_LARGE', member, `${KEY}/echo`, 413, 'PAYLOAD_TOO_LARGE', 'closed', true],
  ['a forwarded body, read whole by the module', member, `${KEY}/echo`, 200, undefined, 'drained'],
];

describe('gateway refusals before the body is read, then the next request on the same connection', () => {
  for (const chunked of [false, true]) {
    it.each(cases)(
      `%s (${chunked ? 'chunked: counted' : 'Content-Length: declared'})`,
      async (_name, auth, path, status, code, expected, limited) => {
        const at = new URL(limited ? (small?.origin ?? '') : origin());
        const host = `Host: 127.0.0.1:${at.port}\r\n`;
        const size = 3 * MIB;
        const head =
          `POST /api/gateway/${path} HTTP/1.1\r\n${host}${auth()}Content-Type: application/json\r\n` +
          (chunked ? 'Transfer-Encoding: chunked\r\n\r\n' : `Content-Length: ${size}\r\n\r\n`);
        const exchange = await twoOnOneConnection(
          Number(at.port),
          { head, body: bodyOf(size), chunked },
          `GET /api/health HTTP/1.1\r\n${host}\r\n`,
        );
        expect(exchange.answers[0]?.status, exchange.answers[0]?.head).toBe(status);
        if (code !== undefined) expect(codeOf(exchange.answers[0])).toBe(code);
        const outcome = expectSafeForKeepAlive(exchange, isHealth);
        if (expected !== 'either') expect(outcome).toBe(expected);
      },
    );
  }

  it('a keep-alive node:http client gets both answers after MODULE_NOT_ENABLED', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const { port } = new URL(origin());
    const send = (method: string, path: string, headers: Record<string, string>, body?: Buffer) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const outgoing = request(
          { host: '127.0.0.1', port, method, path, headers, agent },
          (response) => {
            let text = '';
            response.on('data', (chunk: Buffer) => (text += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
          },
        );
        // The server may stop reading the refused body: that is not this client's error.
        outgoing.on('error', (error) => (body === undefined ? reject(error) : undefined));
        outgoing.end(body);
      });
    try {
      const authorization = `Bearer ${setup.tokens['A1.business_user']}`;
      const refused = await send(
        'POST',
        '/api/gateway/gw-off/echo',
        { authorization, 'content-type': 'application/json' },
        bodyOf(3 * MIB),
      );
      expect(refused.status).toBe(403);
      const next = await send('GET', '/api/health', {});
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
