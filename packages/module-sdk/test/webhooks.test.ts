import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEventSequence, type EventEnvelope } from '@aiconnected/sdk-contracts';
import {
  createShellEventsClient,
  ShellEventsError,
  ShellWebhookError,
  verifyShellWebhook,
  type VerifyShellWebhookOptions,
} from '../src/webhooks';

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

// The Standard Webhooks signature computed here with node:crypto, independently of the SDK.
function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

function envelope(): EventEnvelope {
  return {
    id: randomUUID(),
    source: '/modules/notes',
    type: 'notes.note.created',
    specversion: '1.0',
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { note_id: randomUUID(), title: 'Hi' },
    workspaceid: randomUUID(),
    partitionkey: 'default',
    sequence: formatEventSequence(42),
    correlationid: randomUUID(),
  };
}

async function code(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ShellWebhookError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('verifyShellWebhook', () => {
  const secret = newSecret();
  const event = envelope();
  const body = JSON.stringify(event);
  const id = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const headers = (over: Record<string, string | string[] | undefined> = {}) => ({
    'webhook-id': id,
    'webhook-timestamp': String(now),
    'webhook-signature': sign(secret, id, now, body),
    ...over,
  });
  /** This module's secrets per workspace: `event`'s workspace has `secret`. */
  const only =
    (secrets: readonly string[], workspaceId = event.workspaceid) =>
    (asked: string) =>
      asked === workspaceId ? secrets : undefined;
  const verify = (over: Partial<VerifyShellWebhookOptions> = {}) =>
    verifyShellWebhook({ secretsFor: only([secret]), headers: headers(), body, ...over });

  it('returns the envelope of a signed body, from a string, a Buffer or Fetch Headers', async () => {
    await expect(verify()).resolves.toStrictEqual(event);
    await expect(verify({ body: Buffer.from(body) })).resolves.toStrictEqual(event);
    await expect(verify({ headers: new Headers(headers()) })).resolves.toStrictEqual(event);
    // An asynchronous lookup (a database, a secret store) is awaited.
    await expect(
      verify({ secretsFor: (workspaceId) => Promise.resolve(only([secret])(workspaceId)) }),
    ).resolves.toStrictEqual(event);
  });

  it("refuses a body signed with one workspace's secret that claims another workspace", async () => {
    // One module server, two installations: A's admins hold secretA, B's hold secretB.
    const secretA = newSecret();
    const secretB = newSecret();
    const workspaceA = randomUUID();
    const secrets = new Map([
      [workspaceA, [secretA]],
      [event.workspaceid, [secretB]],
    ]);
    const secretsFor = (workspaceId: string) => secrets.get(workspaceId);
    // An admin of A signs an envelope naming B with A's secret.
    const forged = headers({ 'webhook-signature': sign(secretA, id, now, body) });
    expect(await code(() => verify({ secretsFor, headers: forged }))).toBe(
      'WEBHOOK_SIGNATURE_INVALID',
    );
    // B's own secret is accepted for B; A's secret for A's own envelope.
    const genuine = headers({ 'webhook-signature': sign(secretB, id, now, body) });
    await expect(verify({ secretsFor, headers: genuine })).resolves.toStrictEqual(event);
    const ownBody = JSON.stringify({ ...event, workspaceid: workspaceA });
    const own = headers({ 'webhook-signature': sign(secretA, id, now, ownBody) });
    await expect(verify({ secretsFor, headers: own, body: ownBody })).resolves.toMatchObject({
      workspaceid: workspaceA,
    });
  });

  it('asks only for the workspace the body names, and refuses a workspace without secrets', async () => {
    const asked: string[] = [];
    const secretsFor = (workspaceId: string) => {
      asked.push(workspaceId);
      return workspaceId === event.workspaceid ? [] : [secret];
    };
    expect(await code(() => verify({ secretsFor }))).toBe('WEBHOOK_WORKSPACE_UNKNOWN');
    expect(asked).toStrictEqual([event.workspaceid]);
    expect(await code(() => verify({ secretsFor: only([secret], randomUUID()) }))).toBe(
      'WEBHOOK_WORKSPACE_UNKNOWN',
    );
  });

  it("accepts any of several signatures and any of a workspace's secrets (a rotation overlap)", async () => {
    const older = newSecret();
    const both = `${sign(newSecret(), id, now, body)} ${sign(older, id, now, body)}`;
    const overlap = headers({ 'webhook-signature': both });
    await expect(
      verify({ secretsFor: only([secret, older]), headers: overlap }),
    ).resolves.toStrictEqual(event);
    expect(await code(() => verify({ headers: overlap }))).toBe('WEBHOOK_SIGNATURE_INVALID');
    // Another workspace's rotation does not widen this one's.
    const secretsFor = (workspaceId: string) =>
      workspaceId === event.workspaceid ? [secret] : [secret, older];
    expect(await code(() => verify({ secretsFor, headers: overlap }))).toBe(
      'WEBHOOK_SIGNATURE_INVALID',
    );
  });

  it.each([
    ['a changed body', {}, body.replace('Hi', 'Ho'), 'WEBHOOK_SIGNATURE_INVALID'],
    ['another id', { 'webhook-id': randomUUID() }, body, 'WEBHOOK_SIGNATURE_INVALID'],
    [
      'a v2 label',
      { 'webhook-signature': sign(secret, id, now, body).replace('v1,', 'v2,') },
      body,
      'WEBHOOK_SIGNATURE_INVALID',
    ],
    ['no signature', { 'webhook-signature': undefined }, body, 'WEBHOOK_HEADERS_MISSING'],
    ['no id', { 'webhook-id': '' }, body, 'WEBHOOK_HEADERS_MISSING'],
    [
      'a repeated signature header',
      { 'webhook-signature': ['a', 'b'] },
      body,
      'WEBHOOK_HEADERS_MISSING',
    ],
    [
      'a timestamp of 6 minutes ago',
      { 'webhook-timestamp': String(now - 360) },
      body,
      'WEBHOOK_TIMESTAMP_OUT_OF_RANGE',
    ],
    [
      'a timestamp 6 minutes ahead',
      { 'webhook-timestamp': String(now + 360) },
      body,
      'WEBHOOK_TIMESTAMP_OUT_OF_RANGE',
    ],
    [
      'a timestamp that is no number',
      { 'webhook-timestamp': '1e9' },
      body,
      'WEBHOOK_TIMESTAMP_OUT_OF_RANGE',
    ],
    ['a body that is not JSON', {}, 'not json', 'WEBHOOK_PAYLOAD_INVALID'],
    ['a body naming no workspace', {}, '{"type":"x"}', 'WEBHOOK_PAYLOAD_INVALID'],
  ])('refuses %s', async (_name, over, sent, expected) => {
    expect(await code(() => verify({ headers: headers(over), body: sent }))).toBe(expected);
  });

  it('refuses a body over the size limit unparsed', async () => {
    const large = JSON.stringify({ ...event, data: { filler: 'x'.repeat(300 * 1024) } });
    const signed = headers({ 'webhook-signature': sign(secret, id, now, large) });
    expect(await code(() => verify({ headers: signed, body: large }))).toBe(
      'WEBHOOK_PAYLOAD_INVALID',
    );
    await expect(
      verify({ headers: signed, body: large, maxBytes: 1024 * 1024 }),
    ).resolves.toMatchObject({ data: { filler: expect.any(String) } });
  });

  it('checks the timestamp against the tolerance given, before the signature', async () => {
    const old = now - 3600;
    const signed = headers({
      'webhook-timestamp': String(old),
      'webhook-signature': sign(secret, id, old, body),
    });
    expect(await code(() => verify({ headers: signed }))).toBe('WEBHOOK_TIMESTAMP_OUT_OF_RANGE');
    await expect(verify({ headers: signed, toleranceSeconds: 7200 })).resolves.toStrictEqual(event);
    await expect(verify({ headers: signed, now: () => old * 1000 })).resolves.toStrictEqual(event);
  });

  it('refuses a signed body that is not an event envelope', async () => {
    const sent = JSON.stringify({ ...event, sequence: 42 });
    const signed = headers({ 'webhook-signature': sign(secret, id, now, sent) });
    expect(await code(() => verify({ headers: signed, body: sent }))).toBe(
      'WEBHOOK_PAYLOAD_INVALID',
    );
  });
});

describe('createShellEventsClient', () => {
  // A stand-in for the shell's POST /api/events on loopback: records what it received.
  let server: Server;
  let baseUrl: string;
  const received: { method?: string; url?: string; authorization?: string; body: unknown }[] = [];
  let answer: { status: number; body: string } = { status: 201, body: '{}' };

  const read = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      void read(request).then((body) => {
        received.push({
          method: request.method,
          url: request.url,
          authorization: request.headers.authorization,
          body,
        });
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const event = {
    event_name: 'notes.note.created',
    payload: { title: 'x' },
    idempotency_key: 'note-1',
    stream: 'notes',
  };

  it('POSTs the event to /api/events with the API key and returns the answer', async () => {
    const stored = {
      event_id: randomUUID(),
      delivery_state: 'pending',
      sequence: formatEventSequence(1),
      duplicate: false,
    };
    answer = { status: 201, body: JSON.stringify(stored) };
    const client = createShellEventsClient({ baseUrl, apiKey: 'aicm_test' });
    await expect(client.emit(event)).resolves.toStrictEqual(stored);
    expect(received.at(-1)).toStrictEqual({
      method: 'POST',
      url: '/api/events',
      authorization: 'Bearer aicm_test',
      body: event,
    });
  });

  it("throws the shell's error envelope, or says the answer was not the API's", async () => {
    const refused = {
      error: {
        code: 'EVENT_SCHEMA_INVALID',
        message: 'The event does not match its schema.',
        details: { errors: [{ path: '/title', message: 'must be string' }] },
        correlation_id: randomUUID(),
      },
    };
    answer = { status: 422, body: JSON.stringify(refused) };
    const client = createShellEventsClient({ baseUrl, apiKey: 'aicm_test' });
    const error = await client.emit(event).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ShellEventsError);
    expect(error).toMatchObject({ status: 422, error: refused.error });

    answer = { status: 502, body: '<html>bad gateway</html>' };
    await expect(client.emit(event)).rejects.toMatchObject({
      status: 502,
      error: undefined,
      message: 'the shell answered 502',
    });
    answer = { status: 201, body: '{"unexpected":true}' };
    await expect(client.emit(event)).rejects.toMatchObject({
      message: 'unexpected answer from the shell',
    });
  });
});
