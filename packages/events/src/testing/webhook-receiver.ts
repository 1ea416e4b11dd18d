// A module's webhook endpoint stood in on loopback (tests only): a real HTTP server that records
// what arrives and answers as the test says.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver saw it. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `JSON.parse(body)`, or undefined when it is not JSON. */
  json: unknown;
  receivedAt: number;
}

/** How to answer one request: a status, headers, and how long to wait first. */
export interface WebhookAnswer {
  status: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** Every request, in arrival order. */
  received: ReceivedWebhook[];
  /** Decides each answer (default 204); may be replaced at any time. */
  answer: (request: ReceivedWebhook) => WebhookAnswer;
  /**
   * Most requests in progress at once: with the same `webhook-id`, on the same path and
   * envelope `partitionkey` (one lane of one module), and overall.
   */
  maxInFlightPerId: number;
  maxInFlightPerLane: number;
  maxInFlight: number;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (a free port). */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const inFlight = new Map<string, number>();
  const laneInFlight = new Map<string, number>();
  let total = 0;
  const timers = new Set<NodeJS.Timeout>();
  const receiver: WebhookReceiver = {
    baseUrl: '',
    received: [],
    answer: () => ({ status: 204 }),
    maxInFlightPerId: 0,
    maxInFlightPerLane: 0,
    maxInFlight: 0,
    close: () => Promise.resolve(),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const seen: ReceivedWebhook = {
        path: request.url ?? '',
        headers: request.headers,
        body,
        json,
        receivedAt: Date.now(),
      };
      receiver.received.push(seen);
      const id = String(request.headers['webhook-id'] ?? '');
      const partition = (json as { partitionkey?: unknown } | undefined)?.partitionkey;
      const lane = `${seen.path}|${String(partition)}`;
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      laneInFlight.set(lane, (laneInFlight.get(lane) ?? 0) + 1);
      total += 1;
      receiver.maxInFlightPerId = Math.max(receiver.maxInFlightPerId, inFlight.get(id) ?? 0);
      receiver.maxInFlightPerLane = Math.max(
        receiver.maxInFlightPerLane,
        laneInFlight.get(lane) ?? 0,
      );
      receiver.maxInFlight = Math.max(receiver.maxInFlight, total);
      const answer = receiver.answer(seen);
      const send = () => {
        inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
        laneInFlight.set(lane, (laneInFlight.get(lane) ?? 1) - 1);
        total -= 1;
        response.writeHead(answer.status, answer.headers).end();
      };
      if (!answer.delayMs) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, answer.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
