import { createServer as createHttpServer } from 'node:http';
import { unusedLoopbackPort } from '@aiconnected/db/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookPoster, type WebhookPoster } from '../../src/delivery/post-webhook';
import { webhookSigner } from '../../src/delivery/sign-webhook';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/testing/webhook-receiver';

const SECRET_NEW = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const SECRET_OLD = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

let receiver: WebhookReceiver;
let poster: WebhookPoster;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  poster = createWebhookPoster({ allowAnyAddress: false });
});
afterAll(async () => {
  await poster?.close();
  await receiver?.close();
});

const post = (path: string, timeoutMs = 2000) =>
  poster.post({
    url: `${receiver.baseUrl}${path}`,
    body: '{"a":1}',
    timeoutMs,
    headers: {
      'content-type': 'application/json',
      ...webhookSigner([SECRET_NEW])('d-1', new Date(), '{"a":1}'),
    },
  });

describe('signing', () => {
  it('signs with every active secret, so a receiver holding either verifies (rotation overlap)', () => {
    // The same bytes as the standardwebhooks package's own signer.
    const at0 = new Date('2026-12-07T03:00:00Z');
    expect(webhookSigner([SECRET_NEW])('msg_1', at0, '{"x":1}')['webhook-signature']).toBe(
      new Webhook(SECRET_NEW).sign('msg_1', at0, '{"x":1}'),
    );
    const at = new Date('2026-12-07T03:00:00Z');
    const body = JSON.stringify({ type: 'notes.note.created', data: { id: 1 } });
    const headers = webhookSigner([SECRET_NEW, SECRET_OLD])(
      '0b7f3c1e-3f1a-4a8e-9a55-1c2d3e4f5a6b',
      at,
      body,
    );
    expect(headers['webhook-id']).toBe('0b7f3c1e-3f1a-4a8e-9a55-1c2d3e4f5a6b');
    expect(headers['webhook-timestamp']).toBe(String(at.getTime() / 1000));
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    // standardwebhooks checks the timestamp against now: verify as of the signing time.
    const verifyAt = (secret: string) => {
      const now = Date.now;
      Date.now = () => at.getTime();
      try {
        return new Webhook(secret).verify(body, { ...headers });
      } finally {
        Date.now = now;
      }
    };
    expect(verifyAt(SECRET_NEW)).toEqual(JSON.parse(body));
    expect(verifyAt(SECRET_OLD)).toEqual(JSON.parse(body));
    const stranger = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
    expect(() => verifyAt(stranger)).toThrow('No matching signature found');
    expect(() => new Webhook(SECRET_NEW).verify(`${body} `, { ...headers })).toThrow();
  });
});

describe('posting a webhook', () => {
  it('any 2xx is delivered; the body and headers arrive as sent', async () => {
    receiver.answer = () => ({ status: 202 });
    const result = await post('/hooks/events');
    expect(result).toMatchObject({
      outcome: 'delivered',
      status: 202,
      error: null,
      retryAfterMs: null,
    });
    const seen = receiver.received.at(-1);
    expect(seen).toMatchObject({ path: '/hooks/events', body: '{"a":1}' });
    expect(seen?.headers['webhook-id']).toBe('d-1');
  });

  it('410 is gone; 429/503 carry Retry-After; other statuses fail', async () => {
    receiver.answer = () => ({ status: 410 });
    expect(await post('/x')).toMatchObject({ outcome: 'gone', status: 410 });
    receiver.answer = () => ({ status: 429, headers: { 'retry-after': '120' } });
    expect(await post('/x')).toMatchObject({
      outcome: 'failed',
      status: 429,
      retryAfterMs: 120_000,
      error: 'answered 429',
    });
    receiver.answer = () => ({ status: 503, headers: { 'retry-after': '7' } });
    expect(await post('/x')).toMatchObject({ outcome: 'failed', status: 503, retryAfterMs: 7000 });
    receiver.answer = () => ({ status: 500, headers: { 'retry-after': '7' } });
    expect(await post('/x')).toMatchObject({ outcome: 'failed', status: 500, retryAfterMs: null });
    receiver.answer = () => ({ status: 302, headers: { location: 'http://169.254.169.254/' } });
    expect(await post('/x')).toMatchObject({ outcome: 'failed', status: 302 });
  });

  it('a receiver slower than the timeout is a timeout', async () => {
    receiver.answer = () => ({ status: 200, delayMs: 60_000 });
    const result = await post('/slow', 200);
    expect(result).toMatchObject({
      outcome: 'timeout',
      status: null,
      error: 'timed out after 200 ms',
    });
    // Not the receiver's 60 s: undici's timer is coarse and a loaded machine delays it, so the
    // bound is 10 s, which only a POST that ignored its timeout reaches.
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('a receiver that drips its answer body is cut off after the timeout; its status counts', async () => {
    // 2xx headers at once, then one byte every 100 ms without end: each pause is shorter than
    // the timeout, so only a deadline on the whole body ends the POST (else it holds a drain).
    const dripping = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const drip = setInterval(() => response.write('.'), 100);
      response.on('close', () => clearInterval(drip));
    });
    await new Promise<void>((resolve) => dripping.listen(0, '127.0.0.1', resolve));
    const { port } = dripping.address() as { port: number };
    const dripPoster = createWebhookPoster({ allowAnyAddress: true });
    try {
      const result = await dripPoster.post({
        url: `http://127.0.0.1:${port}/drip`,
        body: '{}',
        timeoutMs: 500,
        headers: {},
      });
      expect(result).toMatchObject({ outcome: 'delivered', status: 200, error: null });
      // The drip never ends: only the 500 ms deadline ends the POST; 10 s for a loaded machine.
      expect(result.durationMs).toBeLessThan(10_000);
    } finally {
      await dripPoster.close();
      dripping.closeAllConnections();
      await new Promise<void>((resolve) => dripping.close(() => resolve()));
    }
  });

  it('a closed port is unreachable; a refused address is refused without connecting', async () => {
    // Not a port just released by listen(0): another test's listener could be handed it.
    const port = await unusedLoopbackPort();
    const closed = await poster.post({
      url: `http://127.0.0.1:${port}/x`,
      body: '{}',
      timeoutMs: 2000,
      headers: {},
    });
    expect(closed).toMatchObject({
      outcome: 'unreachable',
      status: null,
      error: 'connection refused',
    });

    const metadata = await poster.post({
      url: 'http://169.254.169.254/x',
      body: '{}',
      timeoutMs: 2000,
      headers: {},
    });
    expect(metadata).toMatchObject({
      outcome: 'refused',
      error: 'address not allowed (link-local)',
    });

    // A name is resolved and every address judged (loopback refused here as if it were link-local).
    const strict = createWebhookPoster({
      allowAnyAddress: false,
      addressRefusal: (address) =>
        address.startsWith('127.') || address === '::1' ? 'link-local' : null,
    });
    const count = receiver.received.length;
    const byName = await strict.post({
      url: receiver.baseUrl.replace('127.0.0.1', 'localhost') + '/x',
      body: '{}',
      timeoutMs: 2000,
      headers: {},
    });
    await strict.close();
    expect(byName).toMatchObject({ outcome: 'refused', error: 'address not allowed (link-local)' });
    expect(receiver.received.length).toBe(count);
  });
});
