import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClamdScanner, EICAR_TEST_STRING } from '../../src/assets';
import { startClamdStandIn, type ClamdStandIn } from '../../src/testing/start-clamd-stand-in';

// The clamd scanner against a clamd STAND-IN on loopback (src/testing/start-clamd-stand-in.ts), which speaks
// INSTREAM as clamd does; no ClamAV runs here.

let standIn: ClamdStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

describe('createClamdScanner (against a clamd stand-in)', () => {
  it('streams the whole file in length-prefixed chunks and reads stream: OK', async () => {
    standIn = await startClamdStandIn();
    const file = Buffer.alloc(200 * 1024, 7); // several 64 KiB chunks
    const result = await createClamdScanner({ url: standIn.url }).scan(file);
    expect(result).toStrictEqual({ clean: true, engine: 'clamav', detail: 'clamd: OK' });
    expect(standIn.received).toHaveLength(1);
    expect(standIn.received[0]?.equals(file)).toBe(true);
  });

  it('reports a signature clamd FOUND', async () => {
    standIn = await startClamdStandIn({
      signatures: { [EICAR_TEST_STRING]: 'Eicar-Test-Signature' },
    });
    const result = await createClamdScanner({ url: standIn.url }).scan(
      Buffer.from(`prefix ${EICAR_TEST_STRING}`, 'latin1'),
    );
    expect(result).toStrictEqual({
      clean: false,
      engine: 'clamav',
      detail: 'clamd: Eicar-Test-Signature FOUND',
      signature: 'Eicar-Test-Signature',
    });
  });

  it('fails closed when clamd is down, hangs, or refuses the stream length', async () => {
    // A port nobody listens on: bind one, note it, close it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    await expect(
      createClamdScanner({ url: `tcp://127.0.0.1:${port}` }).scan(Buffer.from('x')),
    ).rejects.toThrow(/^clamd unreachable: connect ECONNREFUSED/);

    standIn = await startClamdStandIn({ silent: true });
    await expect(
      createClamdScanner({ url: standIn.url, timeoutMs: 200 }).scan(Buffer.from('x')),
    ).rejects.toThrow('clamd did not answer within 200 ms');
    await standIn.close();

    standIn = await startClamdStandIn({ streamMaxBytes: 1000 });
    await expect(
      createClamdScanner({ url: standIn.url }).scan(Buffer.alloc(70 * 1024)),
    ).rejects.toThrow('clamd answered: INSTREAM size limit exceeded. ERROR');
    // Known to be over the configured StreamMaxLength: not sent at all.
    await expect(
      createClamdScanner({ url: standIn.url, streamMaxBytes: 10 }).scan(Buffer.alloc(11)),
    ).rejects.toThrow("file of 11 bytes exceeds clamd's StreamMaxLength");
  });

  it('refuses a CLAMD_URL that is not tcp://host:port', () => {
    expect(() => createClamdScanner({ url: 'http://127.0.0.1:3310' })).toThrow(
      'CLAMD_URL must be tcp://host:port, got http://127.0.0.1:3310',
    );
  });
});
