import net from 'node:net';

/** What the proxy has seen clients send to Postgres since it started (or since `reset`). */
export interface WireCounts {
  /** Client -> server waits: a simple Query ('Q') or an extended-protocol Sync ('S') each. */
  roundTrips: number;
  /** Statements run: simple Queries plus extended-protocol Executes ('E'). */
  statements: number;
  /** TCP connections opened to Postgres (a pool that keeps reconnecting shows up here). */
  connections: number;
}

/** A counting TCP proxy in front of Postgres; connect to `url` instead of the server's. */
export interface RoundTripCounter {
  url: string;
  read: () => WireCounts;
  reset: () => void;
  close(): Promise<void>;
}

/**
 * Parses the frontend side of the Postgres wire protocol: the untyped startup message
 * first, then `type byte + int32 length + payload` messages, possibly split across chunks.
 */
function createFrontendParser(count: (type: string) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      const header = started ? 5 : 4;
      if (pending.length < header) return;
      const length = started ? pending.readInt32BE(1) + 1 : pending.readInt32BE(0);
      if (pending.length < length) return;
      if (started) count(String.fromCharCode(pending[0] ?? 0));
      started = true;
      pending = pending.subarray(length);
    }
  };
}

/**
 * Starts a proxy to the Postgres server of `databaseUrl` that counts the round trips and
 * statements clients send through it (node-postgres neither pipelines nor uses TLS here).
 * Used to count what one API request costs in database work; never for timing.
 */
export async function startRoundTripCounter(databaseUrl: string): Promise<RoundTripCounter> {
  const target = new URL(databaseUrl);
  const counts: WireCounts = { roundTrips: 0, statements: 0, connections: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    counts.connections += 1;
    const upstream = net.connect({ host: target.hostname, port: Number(target.port || 5432) });
    const parse = createFrontendParser((type) => {
      if (type === 'Q' || type === 'S') counts.roundTrips += 1;
      if (type === 'Q' || type === 'E') counts.statements += 1;
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      parse(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.once('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the proxy has no port');
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    read: () => ({ ...counts }),
    reset: () => Object.assign(counts, { roundTrips: 0, statements: 0, connections: 0 }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
