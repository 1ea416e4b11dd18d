import net from 'node:net';

/**
 * A TCP port nothing listens on right now: the kernel picks one for a moment's listener, which
 * is closed again. Tests use it for servers they start and for "nothing is there" addresses.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0 }, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('the kernel did not report the port it picked'));
      });
    });
  });
}
