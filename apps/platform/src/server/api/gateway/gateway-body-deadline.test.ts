import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GATEWAY_TEST_KEY as KEY, setupGatewayRouteTest } from './gateway-test-kit';

// The gateway listener's idle body deadline, on real sockets, real Postgres and a real module
// stand-in: a body with no byte for the deadline while incomplete is answered 408 (no answer
// started) or its connection destroyed (one started), its upstream request aborted; a body
// that keeps coming is forwarded whatever its total time.

// Short, so a stalled body is cut in seconds (the default is 30 s); long enough that a trickle's
// gaps (half of it) stay under it when a loaded machine delays this process's timers, which the
// listener's check and the test's writes share.
const BODY_TIMEOUT_MS = 1500;
/** The test's own cut of a connection the server leaves open. */
const CUT_MS = 20_000;
/** Only reached when the deadline did not end the exchange (the test's cut, the 30 s default). */
const LATE_MS = 10_000;

// The module's own target timeout (400 ms in gatewayManifest) is set far out, so nothing but the
// body deadline ends these exchanges before the test's cut.
const { setup, standIn, origin } = setupGatewayRouteTest({
  bodyTimeoutMs: BODY_TIMEOUT_MS,
  targetTimeoutMs: 60_000,
});

interface Exchange {
  text: string;
  /** From the connection to the server's close (or the test's cut, CUT_MS). */
  ms: number;
  /** From the connection to the first byte of the answer. */
  firstByteMs: number | null;
  closedByServer: boolean;
}

/**
 * Writes `head` and `parts` (each `pauseMs` after the previous) on a fresh connection, then
 * nothing more, and reads until the server closes the connection (or the test's own cut).
 */
function exchange(head: string, parts: string[] = [], pauseMs = 0): Promise<Exchange> {
  const { port } = new URL(origin());
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let firstByteMs: number | null = null;
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(head);
      parts.forEach((part, index) =>
        setTimeout(() => socket.writable && socket.write(part), pauseMs * (index + 1)),
      );
    });
    let text = '';
    const cut = setTimeout(() => socket.destroy(), CUT_MS);
    socket.on('data', (chunk: Buffer) => {
      firstByteMs ??= Date.now() - started;
      text += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(cut);
      const ms = Date.now() - started;
      resolve({ text, ms, firstByteMs, closedByServer: ms < CUT_MS });
    });
  });
}

function answerOf(text: string): { status: number; head: string; body: string } {
  const at = text.indexOf('\r\n\r\n');
  const head = text.slice(0, at);
  return { status: Number(head.split(' ')[1]), head: head.toLowerCase(), body: text.slice(at + 4) };
}

/** A chunked answer's body, its chunks joined. */
function unchunked(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const line = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, line), 16);
    if (!(size > 0)) return out;
    out += rest.slice(line + 2, line + 2 + size);
    rest = rest.slice(line + 2 + size + 2);
  }
}

const post = (path: string, token: string | null, rest: string) =>
  `POST /api/gateway/${KEY}/${path} HTTP/1.1\r\nHost: 127.0.0.1:${new URL(origin()).port}\r\n` +
  (token === null ? '' : `Authorization: Bearer ${token}\r\n`) +
  `Content-Type: application/octet-stream\r\n${rest}`;

/** Waits (up to 10 s) until the stand-in saw `url`'s connection cut before its body ended. */
async function upstreamCut(url: string): Promise<boolean> {
  for (let waited = 0; waited < 10_000; waited += 25) {
    if (standIn().cut.includes(url)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

describe('the gateway listener and a stalled body', () => {
  it('answers a stalled body 408 with Connection: close and aborts the upstream request', async () => {
    const cutBefore = standIn().cut.length;
    const seenBefore = standIn().seen.length;
    const { text, ms, closedByServer } = await exchange(
      post('echo', setup.tokens['A1.business_user'], 'Content-Length: 300\r\n\r\npart of it'),
    );
    expect(closedByServer).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(LATE_MS);
    const answer = answerOf(text);
    expect(answer.status, text).toBe(408);
    expect(answer.head).toContain('connection: close');
    expect(answer.head).toMatch(/x-correlation-id: [0-9a-f-]{36}/);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: {
        code: 'VALIDATION_BLOCKING',
        details: { reason: 'request_timeout', timeout_ms: BODY_TIMEOUT_MS },
      },
    });
    // The module got the request, and its connection was cut with the body unfinished.
    expect(
      standIn()
        .seen.slice(seenBefore)
        .map((seen) => seen.url),
    ).toStrictEqual(['/echo']);
    expect(await upstreamCut('/echo')).toBe(true);
    expect(standIn().cut.length).toBeGreaterThan(cutBefore);
  });

  it('destroys the connection of a stalled body whose answer has started (the upstream cut)', async () => {
    standIn().cut.length = 0;
    const { text, ms, closedByServer } = await exchange(
      post('stream', setup.tokens['A1.business_user'], 'Content-Length: 300\r\n\r\nfirst bytes'),
    );
    expect(closedByServer).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
    // At the deadline's check (1 to 1.25 x): without it, nothing ends it before the test's cut
    // (the module's own answer timeout is 60 s here).
    expect(ms).toBeLessThan(LATE_MS);
    // The module's answer had started (its echo of the bytes sent): no 408 after it.
    expect(answerOf(text).status, text).toBe(200);
    expect(text).toContain('first bytes');
    expect(await upstreamCut('/stream')).toBe(true);
  });

  it('forwards a body that trickles in for longer than the deadline, each gap shorter', async () => {
    const parts = ['one-', 'two-', 'three-', 'four-', 'five'];
    const body = parts.join('');
    const { text, ms } = await exchange(
      post(
        'stream',
        setup.tokens['A1.business_user'],
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      ),
      parts,
      BODY_TIMEOUT_MS / 2,
    );
    // Five gaps of half the deadline: two and a half deadlines in all.
    expect(ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS * 2.5 - 50);
    const answer = answerOf(text);
    expect(answer.status, text).toBe(200);
    expect(unchunked(answer.body)).toBe(body);
  });

  it('answers an unauthenticated stalled body 401 at once and closes within the deadline', async () => {
    const seenBefore = standIn().seen.length;
    const { text, ms, firstByteMs, closedByServer } = await exchange(
      post('echo', null, 'Content-Length: 300\r\n\r\npart of it'),
    );
    const answer = answerOf(text);
    expect(answer.status, text).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
    expect(firstByteMs).toBeLessThan(BODY_TIMEOUT_MS);
    expect(closedByServer).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
    // Without the deadline Node's keep-alive timeout (5 s after the answer) closes it: the bound
    // stays under that, with 2 s of room over the deadline's check (1 to 1.25 x).
    expect(ms).toBeLessThan(4_000);
    expect(standIn().seen.slice(seenBefore)).toStrictEqual([]);
  });
});
