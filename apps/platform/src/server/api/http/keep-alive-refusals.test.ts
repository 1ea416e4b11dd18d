import { seedTwoAgencyTree } from '@aiconnected/identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrandingAssetUploadUrl } from '@aiconnected/sdk-contracts';
import { serveApi } from '@/server/api/gateway/gateway-test-kit';
import { setupApiTestFixture, signInAs, TEST_ORIGIN } from '@/server/api/testing';
import { expectSafeForKeepAlive, twoOnOneConnection, type WireAnswer } from './keep-alive-probe';

// Refusals answered before the body has fully arrived, on a real Node listener (as the web
// server serves the API), each followed on the SAME connection by a keep-alive client's next
// request: either the body is drained and the next request answered there, or the refusal
// says `Connection: close` and the connection ends. Never a keep-alive answer on a connection
// that then dies or goes silent, nor an answer to the request lines the refused body is made of.

const setup = setupApiTestFixture(seedTwoAgencyTree, async (ready) => ({
  admin: await signInAs(ready.api, ready.tree.users.agencyAAdmin),
}));

let served: Awaited<ReturnType<typeof serveApi>>;
let port: number;
beforeAll(async () => {
  served = await serveApi(setup);
  port = Number(new URL(served.origin).port);
});
afterAll(() => served.close());

const KIB = 1024;
const MIB = 1024 * KIB;
/** Request lines throughout: any of the body parsed as a request would show as an answer. */
const SMUGGLED = 'GET /api/admin HTTP/1.1\r\nHost: x\r\n\r\n';
const bodyOf = (size: number) =>
  Buffer.from(SMUGGLED.repeat(Math.ceil(size / SMUGGLED.length)).slice(0, size));

const host = () => `Host: 127.0.0.1:${port}\r\nOrigin: ${TEST_ORIGIN}\r\n`;
const health = () => `GET /api/health HTTP/1.1\r\n${host()}\r\n`;
const isHealth = (answer: WireAnswer) => answer.status === 200 && answer.body.includes('"ok"');
const codeOf = (answer: WireAnswer | undefined) =>
  (JSON.parse(answer?.body ?? '{}') as { error?: { code: string } }).error?.code;

/** A signed upload URL for a 1000-byte PNG logo in business A1. */
async function uploadUrl(): Promise<string> {
  const response = await setup.api.request('/api/branding/assets/logo-upload-url', {
    method: 'POST',
    headers: { authorization: `Bearer ${setup.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      workspace_id: setup.tree.workspaces.businessA1.id,
      asset_type: 'logo',
      mime_type: 'image/png',
      size_bytes: 1000,
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as BrandingAssetUploadUrl).upload_url;
}

type Case = [
  name: string,
  head: () => string | Promise<string>,
  size: number,
  status: number,
  code: string,
  expected: 'drained' | 'closed' | 'either',
];
const json = 'Content-Type: application/json\r\n';
const post = (path: string, rest = '') => `POST ${path} HTTP/1.1\r\n${host()}${json}${rest}`;
const bearer = () => `Authorization: Bearer ${setup.admin}\r\n`;
const cases: Case[] = [
  [
    '401 without a token',
    () => post('/api/memberships'),
    900 * KIB,
    401,
    'AUTH_REQUIRED',
    'either',
  ],
  [
    '401 with a bad token',
    () => post('/api/memberships', 'Authorization: Bearer nope\r\n'),
    900 * KIB,
    401,
    'SESSION_INVALID',
    'either',
  ],
  [
    '404 for a path no route serves',
    () => post('/api/no-such-route'),
    900 * KIB,
    404,
    'NOT_FOUND',
    'either',
  ],
  [
    '422 for a body the validator refuses',
    () => post('/api/memberships', bearer()),
    900 * KIB,
    422,
    'VALIDATION_BLOCKING',
    'either',
  ],
  [
    '413 over 1 MiB, before the token is looked at',
    () => post('/api/memberships'),
    3 * MIB,
    413,
    'PAYLOAD_TOO_LARGE',
    'closed',
  ],
  [
    'a signed upload over the size its URL declared (read in part, then refused)',
    async () =>
      `PUT ${await uploadUrl()} HTTP/1.1\r\n${host()}Content-Type: application/octet-stream\r\n`,
    3 * MIB,
    422,
    'BRANDING_ASSET_INVALID',
    'closed',
  ],
];

describe('refusals before the body is read, then the next request on the same connection', () => {
  for (const chunked of [false, true]) {
    it.each(cases)(
      `%s (${chunked ? 'chunked' : 'Content-Length'})`,
      async (_name, head, size, status, code, expected) => {
        const framing = chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${size}\r\n`;
        const exchange = await twoOnOneConnection(
          port,
          { head: `${await head()}${framing}\r\n`, body: bodyOf(size), chunked },
          health(),
        );
        expect(exchange.answers[0]?.status, exchange.answers[0]?.head).toBe(status);
        expect(codeOf(exchange.answers[0])).toBe(code);
        const outcome = expectSafeForKeepAlive(exchange, isHealth);
        if (expected !== 'either') expect(outcome).toBe(expected);
      },
    );
  }

  it('a signed upload declared over 5 MiB is refused unread and the body drained', async () => {
    const size = 6 * MIB;
    const head = `PUT ${await uploadUrl()} HTTP/1.1\r\n${host()}Content-Type: application/octet-stream\r\nContent-Length: ${size}\r\n\r\n`;
    const exchange = await twoOnOneConnection(port, { head, body: bodyOf(size) }, health());
    expect(codeOf(exchange.answers[0])).toBe('BRANDING_ASSET_INVALID');
    expect(expectSafeForKeepAlive(exchange, isHealth)).toBe('drained');
  });
});
