import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatEventSequence, type EventEnvelope } from '@aiconnected/sdk-contracts';
import { startExample } from './start-example';

// hello on the event bus, as a process: it verifies signed webhooks, keeps what it accepted,
// and can be switched to fail. (notes' emits: notes-example.test.ts.)

const WORKSPACE_ID = '6f1c1a8e-9d2b-4c55-8f00-3a1b2c3d4e5f';
const OTHER_WORKSPACE_ID = '00000000-0000-4000-8000-000000000001';

// The Standard Webhooks signature, computed here with node:crypto.
function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

function envelope(type: string, workspaceId = WORKSPACE_ID): EventEnvelope {
  return {
    id: randomUUID(),
    source: '/modules/notes',
    type,
    specversion: '1.0',
    time: new Date().toISOString(),
    data: { note_id: randomUUID(), visibility: 'workspace' },
    workspaceid: workspaceId,
    partitionkey: 'notes',
    sequence: formatEventSequence(7),
    correlationid: randomUUID(),
  };
}

describe('hello receives signed webhooks', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const post = (
    base: string,
    path: string,
    event: EventEnvelope,
    id = randomUUID(),
    key = secret,
  ) => {
    const body = JSON.stringify(event);
    const now = Math.floor(Date.now() / 1000);
    return fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(now),
        'webhook-signature': sign(key, id, now, body),
      },
      body,
    });
  };

  it('accepts verified events and lifecycle callbacks once each, refuses forged ones and another workspace’s secret, lists them per workspace', async () => {
    const otherSecret = `whsec_${randomBytes(32).toString('base64')}`;
    const base = await startExample('hello', {
      // Two workspaces, the first in a rotation overlap (two secrets).
      HELLO_WEBHOOK_SECRETS: `${WORKSPACE_ID}=whsec_${randomBytes(32).toString('base64')}|${secret}, ${OTHER_WORKSPACE_ID}=${otherSecret}`,
    });
    const event = envelope('notes.note.created');
    const id = randomUUID();
    expect((await post(base, '/webhooks/events', event, id)).status).toBe(200);
    // A retry (same webhook-id) is answered 200 and not kept twice.
    expect((await post(base, '/webhooks/events', event, id)).status).toBe(200);
    const installed = envelope('module.installed');
    expect((await post(base, '/webhooks/lifecycle/install', installed)).status).toBe(200);
    const forged = await post(
      base,
      '/webhooks/events',
      envelope('notes.note.created'),
      randomUUID(),
      `whsec_${randomBytes(32).toString('base64')}`,
    );
    expect([forged.status, await forged.json()]).toStrictEqual([
      401,
      {
        code: 'WEBHOOK_SIGNATURE_INVALID',
        message: "no webhook-signature matches the workspace's secrets",
      },
    ]);
    // The other workspace's admin signs an envelope naming the first workspace with their secret.
    const crossTenant = await post(
      base,
      '/webhooks/events',
      envelope('notes.note.created'),
      randomUUID(),
      otherSecret,
    );
    expect([crossTenant.status, await crossTenant.json()]).toStrictEqual([
      401,
      {
        code: 'WEBHOOK_SIGNATURE_INVALID',
        message: "no webhook-signature matches the workspace's secrets",
      },
    ]);
    const unknown = await post(
      base,
      '/webhooks/events',
      envelope('notes.note.created', randomUUID()),
      randomUUID(),
      otherSecret,
    );
    expect([unknown.status, await unknown.json()]).toStrictEqual([
      401,
      {
        code: 'WEBHOOK_WORKSPACE_UNKNOWN',
        message: 'no webhook secret is configured for the workspace the body names',
      },
    ]);
    expect(
      (
        await post(
          base,
          '/webhooks/events',
          envelope('notes.note.created', OTHER_WORKSPACE_ID),
          randomUUID(),
          otherSecret,
        )
      ).status,
    ).toBe(200);

    const received = (await (
      await fetch(`${base}/webhooks/received?workspace_id=${WORKSPACE_ID}`)
    ).json()) as { items: unknown[] };
    expect(received.items).toStrictEqual([
      {
        webhook_id: id,
        received_at: expect.any(String),
        kind: 'event',
        action: null,
        envelope: event,
      },
      {
        webhook_id: expect.any(String),
        received_at: expect.any(String),
        kind: 'action',
        action: 'install',
        envelope: installed,
      },
    ]);
    const all = (await (await fetch(`${base}/webhooks/received`)).json()) as { items: unknown[] };
    expect(all.items).toHaveLength(3);
  });

  it('answers 503 to events while HELLO_FAIL_EVENTS=1, and 401 to everything without secrets; a flat secret list stops it', async () => {
    const failing = await startExample('hello', {
      HELLO_WEBHOOK_SECRETS: `${WORKSPACE_ID}=${secret}`,
      HELLO_FAIL_EVENTS: '1',
    });
    expect((await post(failing, '/webhooks/events', envelope('notes.note.created'))).status).toBe(
      503,
    );
    expect(
      (await post(failing, '/webhooks/lifecycle/enable', envelope('module.enabled'))).status,
    ).toBe(200);
    // The old flat list (no workspace) is refused at start, not read as some workspace's.
    await expect(startExample('hello', { HELLO_WEBHOOK_SECRETS: secret })).rejects.toThrow(
      'hello exited with 2',
    );
    const closed = await startExample('hello');
    expect((await post(closed, '/webhooks/events', envelope('notes.note.created'))).status).toBe(
      401,
    );
  });
});
