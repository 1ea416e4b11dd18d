import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * Where the candidates come from: below Linux's ephemeral range (32768-60999), where every
 * `listen(0)` / `bind(0)` of a test gets its port, and below 20000-32000, where tests that
 * must pick a fixed port pick it (postgres-restart). Above 10080, which fetch refuses to dial.
 */
const LOW = 11_000;
const HIGH = 20_000;

/** Whether a `tcp` listener or a `udp` socket can take `port` on `host` right now. */
function canBind(kind: 'tcp' | 'udp', port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (kind === 'tcp') {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
      return;
    }
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

/**
 * A loopback port where nothing listens (connection refused), for tests of an unreachable
 * target. A port just released by `listen(0)` is not that: any other test's `listen(0)` may be
 * handed it within milliseconds and answer. One from a range no test listener is handed (see
 * LOW and HIGH), free when checked, stays unanswered unless a listener asks for it by number.
 */
export async function unusedLoopbackPort(
  kind: 'tcp' | 'udp' = 'tcp',
  host = '127.0.0.1',
): Promise<number> {
  for (let tries = 0; tries < 50; tries += 1) {
    const candidate = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (await canBind(kind, candidate, host)) return candidate;
  }
  throw new Error(`no free ${kind} port between ${LOW} and ${HIGH} on ${host}`);
}
