import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unusedLoopbackPort } from '@aiconnected/db/testing';

/** How the stand-in answers a module's health path. */
export type HealthStandInMode = 'healthy' | 'failing' | 'slow' | 'held';

/** A loopback stand-in for module targets (named as such: tests only). */
export interface HealthStandIn {
  /**
   * A target base URL answering 200 (`healthy`), 500 (`failing`), after 2 s (`slow`) or once
   * `release` is called (`held`: a caller's timeout ends it otherwise).
   */
  baseUrl(mode: HealthStandInMode): string;
  /** Answers 200 to every `held` health request waiting so far. */
  release(): void;
  /** A base URL where nothing listens (connection refused). */
  refusedBaseUrl: string;
  /** Health requests seen, by mode. */
  hits: Record<HealthStandInMode, number>;
  close(): Promise<void>;
}

const listen = (server: Server) =>
  new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/**
 * Starts a tiny node:http server on 127.0.0.1 standing in for module targets: `/<mode>/health`
 * answers as the mode says (the slow one 2 s late, past a test's short timeoutMs; the held one
 * when the test releases it, so "while the target is asked" is a state, not a time). Also finds a
 * port where nothing listens, for the connection-refused case, outside the range other tests'
 * listeners are handed (a port just released by `listen(0)` could be taken again meanwhile).
 */
export async function startHealthStandIn(): Promise<HealthStandIn> {
  const hits: Record<HealthStandInMode, number> = { healthy: 0, failing: 0, slow: 0, held: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const held = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const mode = request.url?.split('/')[1] as HealthStandInMode | undefined;
    if (mode === undefined || !(mode in hits) || !request.url?.endsWith('/health')) {
      response.writeHead(404).end();
      return;
    }
    hits[mode] += 1;
    if (mode === 'failing') {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('down');
    } else if (mode === 'slow') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        response.writeHead(200).end('ok');
      }, 2000);
      timers.add(timer);
    } else if (mode === 'held') {
      held.add(response);
      response.once('close', () => held.delete(response));
    } else {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    }
  });
  const port = await listen(server);
  const refusedPort = await unusedLoopbackPort();
  return {
    baseUrl: (mode) => `http://127.0.0.1:${port}/${mode}`,
    refusedBaseUrl: `http://127.0.0.1:${refusedPort}/api`,
    hits,
    release: () => {
      for (const response of held) response.writeHead(200).end('ok');
      held.clear();
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await closeServer(server);
    },
  };
}
