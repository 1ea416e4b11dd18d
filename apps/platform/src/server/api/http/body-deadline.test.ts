import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import sharp from 'sharp';
import { seedTwoAgencyTree } from '@aiconnected/identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrandingAssetUploadUrl } from '@aiconnected/sdk-contracts';
import { setupApiTestFixture, signInAs, snapshotTables, TEST_ORIGIN } from '@/server/api/testing';

// Short, so a body that never ends is cut in seconds (the default is 30 s); long enough that a
// trickle's gaps (a quarter or half of it) stay under it when a loaded machine delays this
// process's timers, which the server's check and the test's writes share.
const BODY_TIMEOUT_MS = 1500;
/** The test's own cut of a connection the server leaves open. */
const CUT_MS = 20_000;
/** Only reached when the deadline did not end the exchange (the test's cut, the 30 s default). */
const LATE_MS = 10_000;

const setup = setupApiTestFixture(
  seedTwoAgencyTree,
  async (ready) => ({ admin: await signInAs(ready.api, ready.tree.users.agencyAAdmin) }),
  { config: { bodyTimeoutMs: BODY_TIMEOUT_MS } },
);

let server: Server;
let port: number;
beforeAll(async () => {
  const listener = getRequestListener(setup.api.fetch, { overrideGlobalObjects: false });
  server = createServer((incoming, outgoing) => void listener(incoming, outgoing));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/**
 * Writes `head` and `parts` (each after `pauseMs`) on a fresh connection, then nothing more,
 * and reads until the server closes the connection (or the test's own cut, CUT_MS).
 */
function exchange(
  head: string,
  parts: string[] = [],
  pauseMs = 0,
  encoding: BufferEncoding = 'utf8',
): Promise<{ text: string; ms: number; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head, encoding);
      parts.forEach((part, index) =>
        setTimeout(() => socket.write(part, encoding), pauseMs * (index + 1)),
      );
    });
    let text = '';
    const cut = setTimeout(() => socket.destroy(), CUT_MS);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(cut);
      const ms = Date.now() - started;
      resolve({ text, ms, closedByServer: ms < CUT_MS });
    });
  });
}

function answerOf(text: string): { status: number; head: string; body: unknown } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), head: head.toLowerCase(), body: JSON.parse(body) };
}

const invite = (rest: string) =>
  `POST /api/memberships HTTP/1.1\r\n` +
  `Host: 127.0.0.1:${port}\r\nAuthorization: Bearer ${setup.admin}\r\n` +
  `Content-Type: application/json\r\n${rest}`;

describe('the API body deadline behind a real Node listener', () => {
  it.each([
    ['a Content-Length longer than what is sent', 'Content-Length: 300\r\n\r\n{"email":"x@'],
    ['chunked without the last chunk', 'Transfer-Encoding: chunked\r\n\r\n9\r\n{"email":\r\n'],
  ])('answers a stalled body (%s) 408 and closes the connection', async (_case, rest) => {
    const before = await snapshotTables(setup.database);
    const { text, ms, closedByServer } = await exchange(invite(rest));
    expect(closedByServer).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(LATE_MS);
    const answer = answerOf(text);
    expect(answer.status).toBe(408);
    expect(answer.head).toContain('connection: close');
    expect(answer.head).toMatch(/x-correlation-id: [0-9a-f-]{36}/);
    expect(answer.body).toMatchObject({
      error: {
        code: 'VALIDATION_BLOCKING',
        details: { reason: 'request_timeout', timeout_ms: BODY_TIMEOUT_MS },
      },
    });
    // Nothing written: no invitation, mail, token or audit row.
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
    // No error-level log line from the route left waiting for that body.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(setup.logs.filter((line) => Number(line.level) >= 50)).toStrictEqual([]);
  });

  it('reads a body that arrives in parts within the deadline', async () => {
    const body = JSON.stringify({
      workspace_id: setup.tree.workspaces.businessA1.id,
      email: 'slow-but-fine@example.test',
      role_template: 'business_user',
    });
    const { text } = await exchange(
      invite(`Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`),
      [body.slice(0, 10), body.slice(10)],
      BODY_TIMEOUT_MS / 4,
    );
    expect(answerOf(text).status).toBe(201);
  });

  it('leaves a request without a body alone', async () => {
    const { text } = await exchange(
      `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${TEST_ORIGIN}\r\n` +
        'Connection: close\r\n\r\n',
    );
    expect(answerOf(text).status).toBe(200);
  });
});

describe('a signed branding upload and the body deadline', () => {
  /** A signed upload URL for a PNG of `size` bytes in business A1, asked for as its agency's admin. */
  async function uploadUrl(size: number): Promise<string> {
    const response = await setup.api.request('/api/branding/assets/logo-upload-url', {
      method: 'POST',
      headers: { authorization: `Bearer ${setup.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        workspace_id: setup.tree.workspaces.businessA1.id,
        asset_type: 'logo',
        mime_type: 'image/png',
        size_bytes: size,
      }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as BrandingAssetUploadUrl).upload_url;
  }

  /** A small PNG and the start of its upload request (`Content-Length` the whole file). */
  async function signedUpload(): Promise<{ png: Buffer; head: string; id: string }> {
    const png = await sharp({
      create: { width: 40, height: 20, channels: 3, background: '#2563eb' },
    })
      .png()
      .toBuffer();
    const url = await uploadUrl(png.length);
    const head =
      `PUT ${url} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${TEST_ORIGIN}\r\n` +
      `Content-Type: application/octet-stream\r\nContent-Length: ${png.length}\r\n` +
      `Connection: close\r\n\r\n`;
    const id = /\/assets\/([^/]+)\/upload/.exec(url)?.[1] ?? '';
    return { png, head, id };
  }

  it('stores a file that trickles in for longer than the deadline, each gap shorter', async () => {
    const { png, head } = await signedUpload();
    const quarter = Math.ceil(png.length / 4);
    // latin1 keeps every byte as one character, so the socket sends the file as it is.
    const parts = [0, 1, 2, 3].map((index) =>
      png.subarray(index * quarter, (index + 1) * quarter).toString('latin1'),
    );
    const { text, ms } = await exchange(head, parts, BODY_TIMEOUT_MS / 2, 'latin1');
    // Four gaps of half the deadline: twice the deadline in all.
    expect(ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS * 2);
    const answer = answerOf(text);
    expect(answer.status, text).toBe(200);
    expect(answer.body).toMatchObject({ asset: { scan_status: 'clean' } });
  });

  it('answers a stalled upload 408 after the deadline without a byte, nothing stored', async () => {
    const { png, head, id } = await signedUpload();
    const half = Math.floor(png.length / 2);
    // Half the file at once, a quarter after half the deadline, then nothing.
    const { text, ms, closedByServer } = await exchange(
      head + png.subarray(0, half).toString('latin1'),
      [png.subarray(half, half + Math.floor(half / 2)).toString('latin1')],
      BODY_TIMEOUT_MS / 2,
      'latin1',
    );
    expect(closedByServer).toBe(true);
    // The deadline counts from the last byte (at half the deadline), not from the headers.
    expect(ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS * 1.5 - 50);
    expect(ms).toBeLessThan(LATE_MS);
    const answer = answerOf(text);
    expect(answer.status, text).toBe(408);
    expect(answer.head).toContain('connection: close');
    expect(answer.body).toMatchObject({
      error: {
        code: 'VALIDATION_BLOCKING',
        details: { reason: 'request_timeout', timeout_ms: BODY_TIMEOUT_MS },
      },
    });
    // Nothing stored: the asset has no file and was not found clean (the route claims the
    // one-use URL before reading the body, so that claim may have spent or released it).
    const { rows } = await setup.database.admin.query<{
      storage_path: string | null;
      scan_status: string;
    }>('select storage_path, scan_status from public.branding_assets where id = $1', [id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.storage_path).toBeNull();
    expect(rows[0]?.scan_status).not.toBe('clean');
  });
});
