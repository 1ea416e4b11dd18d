import { createServer } from 'node:net';

/**
 * Fails with a readable message when something already listens on `host:port`, instead of
 * letting Postgres exit with a bind error buried in its log.
 */
export async function assertPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? portInUseError(port, host) : error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** The error for a port some other process holds; the same whichever check noticed it. */
export function portInUseError(port: number, host: string): Error {
  return new Error(
    `Port ${port} on ${host} is already in use; stop what listens there or choose another port`,
  );
}

/** A port the OS considers free right now, for throwaway servers (tests). */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('The OS assigned no port'))));
    });
  });
}
