import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ClamdStandIn {
  url: string;
  /** The files it received, one per INSTREAM. */
  received: Buffer[];
  close(): Promise<void>;
}

export interface ClamdStandInOptions {
  /** What a file containing this text is reported as (`stream: <name> FOUND`). */
  signatures?: Record<string, string>;
  /** clamd's StreamMaxLength: a longer stream gets `INSTREAM size limit exceeded. ERROR`. */
  streamMaxBytes?: number;
  /** Accept the connection, then never answer (a hung clamd). */
  silent?: boolean;
}

/**
 * A STAND-IN for clamd, not ClamAV: a TCP server on loopback speaking clamd's INSTREAM
 * protocol as clamd documents it (`zINSTREAM\0`, chunks each prefixed with a 4-byte
 * big-endian length, a zero-length chunk to end, one NUL-terminated reply), so the scanner is
 * tested over the real protocol. It "detects" only the byte strings it is given.
 */
export async function startClamdStandIn(options: ClamdStandInOptions = {}): Promise<ClamdStandIn> {
  const received: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    let commandRead = false;
    const chunks: Buffer[] = [];
    let total = 0;
    let answered = false;
    const answer = (reply: string) => {
      answered = true;
      socket.end(reply);
    };
    socket.on('error', () => undefined);
    socket.on('data', (data: Buffer) => {
      if (answered) return;
      buffer = Buffer.concat([buffer, data]);
      if (!commandRead) {
        const end = buffer.indexOf(0);
        if (end < 0) return;
        const command = buffer.subarray(0, end).toString();
        buffer = buffer.subarray(end + 1);
        commandRead = true;
        if (command !== 'zINSTREAM') {
          answer('UNKNOWN COMMAND\0');
          return;
        }
      }
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length === 0) {
          const file = Buffer.concat(chunks);
          received.push(file);
          if (options.silent) {
            answered = true;
            return;
          }
          const found = Object.entries(options.signatures ?? {}).find(([text]) =>
            file.includes(Buffer.from(text, 'latin1')),
          );
          answer(found ? `stream: ${found[1]} FOUND\0` : 'stream: OK\0');
          return;
        }
        if (buffer.length < 4 + length) return;
        chunks.push(buffer.subarray(4, 4 + length));
        total += length;
        buffer = buffer.subarray(4 + length);
        if (options.streamMaxBytes !== undefined && total > options.streamMaxBytes) {
          answer('INSTREAM size limit exceeded. ERROR\0');
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `tcp://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
