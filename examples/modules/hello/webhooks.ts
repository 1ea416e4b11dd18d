// hello's webhook endpoints (docs/events.md "Verifying webhooks"): the events it consumes and
// its lifecycle callbacks, each verified with module-sdk's verifyShellWebhook against the
// secrets of the workspace it names (one hello serves every workspace that installs it, each
// installation with secrets of its own) and kept in memory (the last KEEP, in arrival order)
// for GET /webhooks/received and the UI.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventEnvelope } from '@aiconnected/sdk-contracts';
import { ShellWebhookError, verifyShellWebhook } from '@aiconnected/module-sdk/webhooks';

const KEEP = 100;
const MAX_WEBHOOK_BYTES = 256 * 1024;
const ACTIONS = ['install', 'enable', 'disable', 'uninstall'] as const;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `HELLO_WEBHOOK_SECRETS`: `<workspace_id>=<whsec_...>` pairs, comma-separated; during a
 * rotation a workspace has two secrets, `|`-separated (`<id>=whsec_new|whsec_old`). Throws on
 * a malformed pair (the server refuses to start).
 */
export function parseWebhookSecrets(value: string): Map<string, string[]> {
  const secrets = new Map<string, string[]>();
  for (const pair of value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    // Only the first '=' separates: a secret's base64 ends with '=' padding.
    const at = pair.indexOf('=');
    const workspaceId = pair.slice(0, Math.max(at, 0));
    const list = pair
      .slice(at + 1)
      .split('|')
      .map((secret) => secret.trim());
    if (!UUID_PATTERN.test(workspaceId) || !list.every((secret) => secret.startsWith('whsec_'))) {
      throw new Error(
        'HELLO_WEBHOOK_SECRETS: expected <workspace_id>=whsec_...[|whsec_...] pairs, comma-separated',
      );
    }
    secrets.set(workspaceId.toLowerCase(), list);
  }
  return secrets;
}

/** One webhook hello accepted. */
export interface ReceivedWebhook {
  webhook_id: string;
  received_at: string;
  kind: 'event' | 'action';
  action: (typeof ACTIONS)[number] | null;
  envelope: EventEnvelope;
}

export interface WebhookReceiverOptions {
  /** Each workspace's webhook secrets (`parseWebhookSecrets`); another workspace's webhooks are refused. */
  secrets: ReadonlyMap<string, readonly string[]>;
  /** Answer 503 to every event (a subscriber that is down), to watch retries and the dead letter. */
  failEvents: boolean;
}

type Send = (response: ServerResponse, status: number, value: unknown) => void;

async function readRaw(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_WEBHOOK_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The webhook routes: `POST /webhooks/events`, `POST /webhooks/lifecycle/<action>`, `GET /webhooks/received`. */
export function createWebhookReceiver(options: WebhookReceiverOptions) {
  const received: ReceivedWebhook[] = [];
  const seen = new Set<string>();

  async function accept(
    request: IncomingMessage,
    response: ServerResponse,
    sendJson: Send,
    action: ReceivedWebhook['action'],
  ): Promise<void> {
    if (action === null && options.failEvents) {
      return sendJson(response, 503, { code: 'UNAVAILABLE', message: 'HELLO_FAIL_EVENTS is on' });
    }
    const body = await readRaw(request);
    if (body === null)
      return sendJson(response, 413, { code: 'TOO_LARGE', message: '256 KiB at most' });
    let envelope: EventEnvelope;
    try {
      envelope = await verifyShellWebhook({
        secretsFor: (workspaceId) => options.secrets.get(workspaceId.toLowerCase()),
        headers: request.headers,
        body,
      });
    } catch (error) {
      if (!(error instanceof ShellWebhookError)) throw error;
      const status = error.code === 'WEBHOOK_PAYLOAD_INVALID' ? 400 : 401;
      return sendJson(response, status, { code: error.code, message: error.message });
    }
    // Retries and replays carry the same webhook-id: handled once, answered 200 every time.
    const webhookId = String(request.headers['webhook-id']);
    if (!seen.has(webhookId)) {
      seen.add(webhookId);
      received.push({
        webhook_id: webhookId,
        received_at: new Date().toISOString(),
        kind: action === null ? 'event' : 'action',
        action,
        envelope,
      });
      if (received.length > KEEP) seen.delete(received.shift()?.webhook_id ?? '');
      console.log(JSON.stringify({ received: envelope.type, webhook_id: webhookId, action }));
    }
    return sendJson(response, 200, { received: true });
  }

  return {
    /** Answers a webhook route and returns true, or returns false for any other route. */
    async handle(
      request: IncomingMessage,
      response: ServerResponse,
      pathname: string,
      sendJson: Send,
    ): Promise<boolean> {
      if (request.method === 'POST' && pathname === '/webhooks/events') {
        await accept(request, response, sendJson, null);
        return true;
      }
      const action = /^\/webhooks\/lifecycle\/([a-z]+)$/.exec(pathname)?.[1];
      const known = ACTIONS.find((name) => name === action);
      if (request.method === 'POST' && known !== undefined) {
        await accept(request, response, sendJson, known);
        return true;
      }
      if (request.method === 'GET' && pathname === '/webhooks/received') {
        const workspace = new URL(request.url ?? '/', 'http://module.invalid').searchParams.get(
          'workspace_id',
        );
        const items = workspace
          ? received.filter((item) => item.envelope.workspaceid === workspace)
          : received;
        sendJson(response, 200, { items });
        return true;
      }
      return false;
    },
  };
}
