// A module target stand-in for tests (not a mock of fetch: a real server on loopback).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A module target stand-in on loopback: a real HTTP server whose handler a test sets. */
export interface TargetServer {
  baseUrl: string;
  port: number;
  server: Server;
  /** Requests seen (method, url, headers), in order. */
  seen: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  /** TCP connections accepted. */
  connections: number;
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

/** Starts a target on 127.0.0.1 (a free port); `basePath` is appended to its base URL. */
export async function startTarget(basePath = ''): Promise<TargetServer> {
  const target = {
    seen: [],
    connections: 0,
    handle: (_req: IncomingMessage, res: ServerResponse) => res.end('ok'),
  } as unknown as TargetServer;
  const server = createServer((req, res) => {
    target.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    target.handle(req, res);
  });
  server.on('connection', () => {
    target.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  target.server = server;
  target.port = port;
  target.baseUrl = `http://127.0.0.1:${port}${basePath}`;
  target.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return target;
}
