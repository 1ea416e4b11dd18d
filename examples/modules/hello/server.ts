// The `hello` example module: a node:http service (run with tsx: `npm run module:hello`).
// - GET /ui, /ui/app.js, /ui/app.css: its UI, which the shell frames (module bridge)
// - GET /whoami: who called, from a module-ui bearer token the UI got from the shell
//   (issued by SHELL_ORIGIN, carrying hello.greeting.read)
// - GET|POST /echo: the headers the gateway forwarded (what a module receives)
// - GET /greeting: greets the caller named by the gateway's signed claims
// - GET /health: what the shell checks before enabling the module
// - POST /webhooks/events, /webhooks/lifecycle/<action>: signed webhooks from the shell's event
//   bus (HELLO_WEBHOOK_SECRETS, per workspace); GET /webhooks/received: what it accepted (webhooks.ts)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createShellVerifier, ShellTokenError } from '@aiconnected/module-sdk/verify';
import { UI_CSS, uiPage } from './ui/page';
import { createWebhookReceiver, parseWebhookSecrets } from './webhooks';

// An example reads its few settings directly (no env module to import).
// eslint-disable-next-line no-restricted-properties
const env = process.env;
const PORT = env.PORT ?? '4101';
const HOST = env.HOST ?? '127.0.0.1';
const SHELL_ORIGIN = new URL(env.SHELL_ORIGIN ?? 'http://localhost:3000').origin;
const SHELL_JWKS_URL = env.SHELL_JWKS_URL ?? `${SHELL_ORIGIN}/.well-known/jwks.json`;
const MAX_ECHO_BYTES = 1024 * 1024;

const port = Number(PORT);
if (!/^\d+$/.test(PORT) || port > 65535) {
  console.error(`PORT must be a port number (0-65535), not ${PORT}`);
  process.exit(2);
}
/** Each workspace's webhook secrets: `<workspace_id>=whsec_...[|whsec_...]`, comma-separated. */
let WEBHOOK_SECRETS: Map<string, string[]>;
try {
  WEBHOOK_SECRETS = parseWebhookSecrets(env.HELLO_WEBHOOK_SECRETS ?? '');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}

/** The UI's script: the module-sdk bridge client and app.ts, bundled once at start. */
async function bundleUi(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./ui/app.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Tokens signed by this shell (`iss`) for this module (`aud`), nothing else. */
const verifier = createShellVerifier({
  jwksUrl: SHELL_JWKS_URL,
  moduleId: 'hello',
  issuer: SHELL_ORIGIN,
});
/** What a UI token must carry for /whoami (granted by an admin, held by the caller). */
const WHOAMI_PERMISSION = 'hello.greeting.read';

const webhooks = createWebhookReceiver({
  secrets: WEBHOOK_SECRETS,
  failEvents: env.HELLO_FAIL_EVENTS === '1',
});
if (WEBHOOK_SECRETS.size === 0) {
  console.log('HELLO_WEBHOOK_SECRETS is not set: webhooks from the shell are refused (401)');
}

/** Every answer: no caching, no sniffing; only the UI page may be framed, by the shell only. */
function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  policy = "default-src 'none'; frame-ancestors 'none'",
): void {
  response.writeHead(status, {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': policy,
    'content-type': contentType,
  });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** A refused shell token: 401 with the verifier's stable code. */
function refuse(response: ServerResponse, error: unknown): void {
  if (!(error instanceof ShellTokenError)) throw error;
  sendJson(response, 401, { code: error.code, message: error.message });
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ECHO_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const UI_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  `frame-ancestors ${SHELL_ORIGIN}`,
].join('; ');

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  appJs: string,
): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://module.invalid');
  if (await webhooks.handle(request, response, pathname, sendJson)) return;
  const route = `${request.method} ${pathname}`;
  switch (route) {
    case 'GET /health':
      return sendJson(response, 200, { status: 'ok', module: 'hello' });
    case 'GET /ui':
      return send(response, 200, 'text/html; charset=utf-8', uiPage(SHELL_ORIGIN), UI_POLICY);
    case 'GET /ui/app.js':
      return send(response, 200, 'text/javascript; charset=utf-8', appJs);
    case 'GET /ui/app.css':
      return send(response, 200, 'text/css; charset=utf-8', UI_CSS);
    case 'GET /whoami': {
      const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      try {
        const claims = await verifier.verifyToken(bearer);
        if (!claims.perms.includes(WHOAMI_PERMISSION)) {
          return sendJson(response, 403, {
            code: 'PERMISSION_DENIED',
            message: `The token does not carry ${WHOAMI_PERMISSION}`,
          });
        }
        return sendJson(response, 200, {
          user_id: claims.sub,
          workspace_id: claims.wid,
          role: claims.role,
          permissions: claims.perms,
          expires_at: new Date(claims.exp * 1000).toISOString(),
        });
      } catch (error) {
        return refuse(response, error);
      }
    }
    case 'GET /echo':
    case 'POST /echo': {
      const body = request.method === 'POST' ? await readBody(request) : null;
      if (request.method === 'POST' && body === null) {
        return sendJson(response, 413, {
          code: 'TOO_LARGE',
          message: 'Echo bodies are 1 MiB at most',
        });
      }
      return sendJson(response, 200, {
        method: request.method,
        path: request.url,
        headers: request.headers,
        body,
      });
    }
    case 'GET /greeting':
      try {
        const claims = await verifier.verifyRequest('GET', request.url ?? '/', request.headers);
        return sendJson(response, 200, {
          greeting: `Hello, user ${claims.sub} (${claims.role})`,
          workspace_id: claims.wid,
          permissions: claims.perms,
        });
      } catch (error) {
        return refuse(response, error);
      }
    default:
      return sendJson(response, 404, { code: 'NOT_FOUND', message: `No route ${route}` });
  }
}

const appJs = await bundleUi();
const server = createServer((request, response) => {
  handle(request, response, appJs).catch((error: unknown) => {
    console.error(error);
    if (!response.headersSent) sendJson(response, 500, { code: 'INTERNAL', message: 'Failed' });
  });
});
server.listen(port, HOST, () => {
  const address = server.address();
  const listening = typeof address === 'object' && address !== null ? address.port : port;
  console.log(`hello module listening on http://${HOST}:${listening}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
