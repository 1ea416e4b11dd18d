// The `hello` example module: a plain node:http service, no dependencies.
// Start: PORT=4101 node examples/modules/hello/server.mjs (4101 is the port in manifest.json).
import { createServer } from 'node:http';

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Hello</title>
  </head>
  <body>
    <main>
      <h1>Hello</h1>
      <p>This page is served by the hello example module.</p>
    </main>
  </body>
</html>
`;

/** Headers of every answer: no caching, no sniffing, nothing loaded from anywhere else. */
const BASE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors *",
};

function send(response, status, contentType, body) {
  response.writeHead(status, { ...BASE_HEADERS, 'content-type': contentType });
  response.end(body);
}

function sendJson(response, status, value) {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

const server = createServer((request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://module.invalid');
  const route = `${request.method} ${pathname}`;
  if (route === 'GET /health') return sendJson(response, 200, { status: 'ok', module: 'hello' });
  if (route === 'GET /') return send(response, 200, 'text/html; charset=utf-8', PAGE);
  if (route === 'GET /greeting') return sendJson(response, 200, { greeting: 'Hello from hello' });
  return sendJson(response, 404, { code: 'NOT_FOUND', message: `No route ${route}` });
});

// A dependency-free example reads its two settings directly (no env module to import).
// eslint-disable-next-line no-restricted-properties
const { PORT = '4101', HOST: host = '127.0.0.1' } = process.env;
const port = Number(PORT);
if (!/^\d+$/.test(PORT) || port > 65535) {
  console.error(`PORT must be a port number (0-65535), not ${PORT}`);
  process.exit(2);
}
server.listen(port, host, () => {
  const address = server.address();
  console.log(`hello module listening on http://${host}:${address.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
