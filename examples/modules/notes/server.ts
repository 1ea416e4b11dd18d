// The `notes` example module: a node:http service (run with tsx: `npm run module:notes`).
// Every /notes call comes through the shell's gateway: the caller (user, workspace,
// permissions) is read from the gateway's signed claims (`x-shell-claims`, verified with the
// shell's JWKS: SHELL_ORIGIN, SHELL_JWKS_URL), never from a plain header; without valid claims
// it answers 401. Notes live in memory, per workspace; a private note is its author's only.
// Adding one emits `notes.note.created` to the shell's event bus (note-events.ts,
// NOTES_SHELL_API_KEYS). Start: PORT=4102 npm run module:notes (4102 is the port in manifest.json).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { GatewayShellClaims } from '@aiconnected/sdk-contracts';
import { createShellVerifier, ShellTokenError } from '@aiconnected/module-sdk/verify';
import { createNoteEvents, parseApiKeys } from './note-events';

const VISIBILITIES = ['private', 'workspace'] as const;
type Visibility = (typeof VISIBILITIES)[number];
const MAX_BODY_BYTES = 16 * 1024;
/** What the caller's claims must carry for each /notes method (the manifest's apiRoutes). */
const NOTES_PERMISSIONS: Record<string, string> = {
  GET: 'notes.notes.read',
  POST: 'notes.notes.create',
};

interface Note {
  id: string;
  text: string;
  visibility: Visibility;
  /** The user who added it (the claims' `sub`). */
  author_id: string;
  created_at: string;
}

/** Notes by workspace id. */
const notesByWorkspace = new Map<string, Note[]>();

// An example reads its few settings directly (no env module to import).
// eslint-disable-next-line no-restricted-properties
const env = process.env;
const SHELL_ORIGIN = new URL(env.SHELL_ORIGIN ?? 'http://localhost:3000').origin;
const SHELL_JWKS_URL = env.SHELL_JWKS_URL ?? `${SHELL_ORIGIN}/.well-known/jwks.json`;
const { PORT = '4102', HOST: host = '127.0.0.1' } = env;
const port = Number(PORT);
if (!/^\d+$/.test(PORT) || port > 65535) {
  console.error(`PORT must be a port number (0-65535), not ${PORT}`);
  process.exit(2);
}
let apiKeys: Map<string, string>;
try {
  apiKeys = parseApiKeys(env.NOTES_SHELL_API_KEYS ?? '');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
const events = createNoteEvents({ shellUrl: SHELL_ORIGIN, apiKeys });
/** Claims signed by this shell (`iss`) for this module (`aud`), nothing else. */
const verifier = createShellVerifier({
  jwksUrl: SHELL_JWKS_URL,
  moduleId: 'notes',
  issuer: SHELL_ORIGIN,
});

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
  </head>
  <body>
    <main>
      <h1>${title}</h1>
      ${body}
    </main>
  </body>
</html>
`;
}

const PAGES: Record<string, string> = {
  '/': page('Notes', '<p>The notes of this workspace are listed by GET /notes.</p>'),
  '/settings': page(
    'Notes settings',
    '<p>The default visibility of new notes is set in the installation config (default_visibility).</p>',
  ),
};

const BASE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors *",
};

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { ...BASE_HEADERS, 'content-type': contentType });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { code, message });
}

/** The JSON body of a request (at most MAX_BODY_BYTES), or undefined when it is not JSON. */
async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isVisibility(value: unknown): value is Visibility {
  return VISIBILITIES.some((visibility) => visibility === value);
}

/** The notes of the caller's workspace the caller may see: shared ones and their own private ones. */
function visibleNotes(claims: GatewayShellClaims): Note[] {
  return (notesByWorkspace.get(claims.wid) ?? []).filter(
    (note) => note.visibility === 'workspace' || note.author_id === claims.sub,
  );
}

async function createNote(
  request: IncomingMessage,
  response: ServerResponse,
  claims: GatewayShellClaims,
): Promise<void> {
  const body = (await readJsonBody(request)) as
    { text?: unknown; visibility?: unknown } | undefined;
  const text = typeof body?.text === 'string' ? body.text.trim() : '';
  const visibility = body?.visibility ?? 'workspace';
  if (text === '' || text.length > 2000 || !isVisibility(visibility)) {
    return sendError(
      response,
      400,
      'VALIDATION_FAILED',
      'Send {"text": 1-2000 characters, "visibility"?: "private" | "workspace"}',
    );
  }
  const note: Note = {
    id: randomUUID(),
    text,
    visibility,
    author_id: claims.sub,
    created_at: new Date().toISOString(),
  };
  const notes = notesByWorkspace.get(claims.wid) ?? [];
  notes.push(note);
  notesByWorkspace.set(claims.wid, notes);
  const event = await events.noteCreated(claims.wid, { note_id: note.id, visibility }, claims.cid);
  return sendJson(response, 201, { ...note, event });
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://module.invalid');
  const method = request.method ?? 'GET';
  const route = `${method} ${pathname}`;
  if (route === 'GET /health') return sendJson(response, 200, { status: 'ok', module: 'notes' });
  const html = method === 'GET' && Object.hasOwn(PAGES, pathname) ? PAGES[pathname] : undefined;
  if (html !== undefined) return send(response, 200, 'text/html; charset=utf-8', html);
  if (pathname !== '/notes') return sendError(response, 404, 'NOT_FOUND', `No route ${route}`);
  const permission = Object.hasOwn(NOTES_PERMISSIONS, method)
    ? NOTES_PERMISSIONS[method]
    : undefined;
  if (permission === undefined) {
    return sendError(response, 405, 'METHOD_NOT_ALLOWED', `No route ${route}`);
  }

  let claims: GatewayShellClaims;
  try {
    claims = await verifier.verifyRequest(method, request.url ?? '/', request.headers);
  } catch (error) {
    if (!(error instanceof ShellTokenError)) throw error;
    return sendError(response, 401, error.code, error.message);
  }
  // The gateway checked the route's permission; the claims say so too (least privilege).
  if (!claims.perms.includes(permission)) {
    return sendError(response, 403, 'PERMISSION_DENIED', `The claims do not carry ${permission}`);
  }
  if (method === 'GET') return sendJson(response, 200, { items: visibleNotes(claims) });
  return createNote(request, response, claims);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    console.error(error);
    if (!response.headersSent) sendError(response, 500, 'INTERNAL', 'The request failed');
  });
});

server.listen(port, host, () => {
  const address = server.address();
  const listening = typeof address === 'object' && address !== null ? address.port : port;
  console.log(`notes module listening on http://${host}:${listening}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
