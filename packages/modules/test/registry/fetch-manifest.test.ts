import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchManifest, isPublicAddress, type FetchManifestOptions } from '../../src';

// fetchManifest against a stand-in for a module's package host: a plain HTTP server on
// loopback whose routes answer what each case needs.

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const handler = routes.get(request.url ?? '');
    if (handler) handler(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json =
  (body: unknown, type = 'application/json'): Handler =>
  (_request, response) =>
    response.writeHead(200, { 'content-type': type }).end(JSON.stringify(body));
const redirect =
  (location: string, status = 302): Handler =>
  (_request, response) =>
    response.writeHead(status, { location }).end();

routes.set('/manifest.json', json({ id: 'hello' }));
routes.set('/plain.json', json({ id: 'plain' }, 'text/plain; charset=utf-8'));
routes.set('/page.html', json({ id: 'html' }, 'text/html'));
routes.set('/broken.json', (_request, response) =>
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"id": '),
);
routes.set('/big-declared.json', (_request, response) =>
  response
    .writeHead(200, { 'content-type': 'application/json', 'content-length': String(300 * 1024) })
    .end(`"${'x'.repeat(300 * 1024 - 2)}"`),
);
routes.set('/big-chunked.json', (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  for (let i = 0; i < 40; i += 1) response.write('x'.repeat(8 * 1024));
  response.end();
});
routes.set('/hang.json', () => {
  // Never answers: the fetch's deadline must end it.
});
routes.set('/redirect-once', redirect('/manifest.json'));
routes.set('/redirect-relative-chain-1', redirect('/redirect-relative-chain-2', 301));
routes.set('/redirect-relative-chain-2', redirect('/redirect-relative-chain-3', 307));
routes.set('/redirect-relative-chain-3', redirect('/manifest.json', 308));
routes.set('/redirect-loop', redirect('/redirect-loop'));
routes.set('/redirect-without-location', (_request, response) => response.writeHead(302).end());
routes.set('/redirect-to-file', redirect('file:///etc/passwd'));
routes.set('/redirect-to-other-loopback', (request, response) => {
  const port = (server.address() as AddressInfo).port;
  response.writeHead(302, { location: `http://127.0.0.2:${port}/manifest.json` }).end();
  void request;
});
routes.set('/server-error', (_request, response) => response.writeHead(503).end('down'));

const local = { allowPrivate: true };
const notLocal = { allowPrivate: false };
/** Outside local mode, with one loopback address admitted as if it were public (test hook). */
const onlyFirstLoopback = { isAllowedAddress: (address: string) => address === '127.0.0.1' };

describe('fetchManifest', () => {
  it('fetches a JSON manifest (application/json or text/plain) in local mode', async () => {
    expect(await fetchManifest(`${base}/manifest.json`, local)).toStrictEqual({
      ok: true,
      manifest: { id: 'hello' },
      url: `${base}/manifest.json`,
    });
    expect(await fetchManifest(`${base}/plain.json`, local)).toMatchObject({
      ok: true,
      manifest: { id: 'plain' },
    });
  });

  it('follows up to three redirects, each to a checked address', async () => {
    expect(await fetchManifest(`${base}/redirect-once`, notLocal, onlyFirstLoopback)).toStrictEqual(
      {
        ok: true,
        manifest: { id: 'hello' },
        url: `${base}/manifest.json`,
      },
    );
    expect(await fetchManifest(`${base}/redirect-relative-chain-1`, local)).toMatchObject({
      ok: true,
    });
    expect(await fetchManifest(`${base}/redirect-loop`, local)).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_UNREACHABLE',
      message: 'more than 3 redirects',
    });
  });

  it('reads the address hook only from its own argument, never from the options', async () => {
    const widened = { allowPrivate: false, isAllowedAddress: () => true } as FetchManifestOptions;
    expect(await fetchManifest(`${base}/manifest.json`, widened)).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_FORBIDDEN',
      message:
        'the host 127.0.0.1 resolves to a non-public address (loopback); only public addresses are fetched',
    });
  });

  it('refuses a redirect to an address that is not allowed, and to other schemes', async () => {
    expect(
      await fetchManifest(`${base}/redirect-to-other-loopback`, notLocal, onlyFirstLoopback),
    ).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_FORBIDDEN',
      message:
        'the host 127.0.0.2 resolves to a non-public address (loopback); only public addresses are fetched',
    });
    expect(await fetchManifest(`${base}/redirect-to-file`, local)).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_FORBIDDEN',
      message: 'file: URLs are not fetched (http or https only)',
    });
    expect(await fetchManifest(`${base}/redirect-without-location`, local)).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_UNREACHABLE',
      message: 'answered 302 without a Location',
    });
  });

  it('refuses loopback, private and metadata addresses outside local mode, by literal or by name', async () => {
    const refused = (url: string) => fetchManifest(url, { allowPrivate: false });
    for (const url of [
      `${base}/manifest.json`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/manifest.json',
      'http://[::1]/manifest.json',
      'http://[fd00:ec2::254]/manifest.json',
      'http://[::ffff:127.0.0.1]/manifest.json',
    ]) {
      expect(await refused(url), url).toMatchObject({ ok: false, code: 'PACKAGE_URI_FORBIDDEN' });
    }
    // A name is resolved first and judged by every address it has.
    expect(await refused(`http://localhost:1/manifest.json`)).toMatchObject({
      ok: false,
      code: 'PACKAGE_URI_FORBIDDEN',
    });
  });

  it('refuses URLs that are not http(s) or carry credentials', async () => {
    expect(await fetchManifest('ftp://example.com/m.json', local)).toMatchObject({
      code: 'PACKAGE_URI_FORBIDDEN',
    });
    expect(await fetchManifest(`http://user:secret@127.0.0.1/m.json`, local)).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_FORBIDDEN',
      message: 'the URL carries credentials',
    });
    expect(await fetchManifest('not a url', local)).toMatchObject({
      code: 'PACKAGE_URI_FORBIDDEN',
    });
  });

  it('caps the body at 256 KiB, declared or streamed', async () => {
    expect(await fetchManifest(`${base}/big-declared.json`, local)).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_TOO_LARGE',
      message: `${300 * 1024} bytes; at most ${256 * 1024} are read`,
    });
    expect(await fetchManifest(`${base}/big-chunked.json`, local)).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_TOO_LARGE',
      message: `more than ${256 * 1024} bytes`,
    });
  });

  it('wants JSON: the content type and the body', async () => {
    expect(await fetchManifest(`${base}/page.html`, local)).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_NOT_JSON',
      message: 'content-type text/html, not JSON',
    });
    expect(await fetchManifest(`${base}/broken.json`, local)).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_NOT_JSON',
      message: 'the body is not valid JSON',
    });
  });

  it('reports HTTP errors, refused connections and the deadline as unreachable', async () => {
    expect(await fetchManifest(`${base}/server-error`, local)).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_UNREACHABLE',
      message: 'answered HTTP 503',
    });
    expect(await fetchManifest('http://127.0.0.1:1/manifest.json', local)).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_UNREACHABLE',
      message: 'the connection was refused',
    });
    const started = Date.now();
    expect(await fetchManifest(`${base}/hang.json`, { ...local, timeoutMs: 300 })).toStrictEqual({
      ok: false,
      code: 'PACKAGE_URI_UNREACHABLE',
      message: 'no answer within 300 ms',
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('isPublicAddress', () => {
  it('passes public unicast addresses only', () => {
    expect(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111'].filter(isPublicAddress)).toHaveLength(3);
    const refused = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.100.100.200',
      '0.0.0.0',
      '255.255.255.255',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
      '2002:a00:1::',
      'not-an-address',
    ];
    expect(refused.filter(isPublicAddress)).toStrictEqual([]);
  });
});
