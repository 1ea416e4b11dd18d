// The `notes` example module: a node:http service (run with tsx: `npm run module:notes`).
// Notes live in memory, per workspace (the gateway's x-shell-workspace-id header); adding one
// emits `notes.note.created` to the shell's event bus (note-events.ts, NOTES_SHELL_API_KEYS).
// Start: PORT=4102 npm run module:notes (4102 is the port in manifest.json).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createNoteEvents, parseApiKeys } from './note-events';

const VISIBILITIES = ['private', 'workspace'] as const;
type Visibility = (typeof VISIBILITIES)[number];
const MAX_BODY_BYTES = 16 * 1024;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Note {
  id: string;
  text: string;
  visibility: Visibility;
  created_at: string;
}

/** Notes by workspace id. */
const notesByWorkspace = new Map<string, Note[]>();

// An example reads its few settings directly (no env module to import).
// eslint-disable-next-line no-restricted-properties
const env = process.env;
const events = createNoteEvents({
  shellUrl: new URL(env.SHELL_URL ?? 'http://localhost:3000').origin,
  apiKeys: parseApiKeys(env.NOTES_SHELL_API_KEYS ?? ''),
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

async function createNote(
  request: IncomingMessage,
  response: ServerResponse,
  workspaceId: string,
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
  const note: Note = { id: randomUUID(), text, visibility, created_at: new Date().toISOString() };
  const notes = notesByWorkspace.get(workspaceId) ?? [];
  notes.push(note);
  notesByWorkspace.set(workspaceId, notes);
  const correlation = request.headers['x-shell-correlation-id'];
  const event = await events.noteCreated(
    workspaceId,
    { note_id: note.id, visibility },
    typeof correlation === 'string' ? correlation : undefined,
  );
  return sendJson(response, 201, { ...note, event });
}

const server = createServer((request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://module.invalid');
  const route = `${request.method} ${pathname}`;
  if (route === 'GET /health') return sendJson(response, 200, { status: 'ok', module: 'notes' });
  const html =
    request.method === 'GET' && Object.hasOwn(PAGES, pathname) ? PAGES[pathname] : undefined;
  if (html !== undefined) return send(response, 200, 'text/html; charset=utf-8', html);
  if (pathname !== '/notes') return sendError(response, 404, 'NOT_FOUND', `No route ${route}`);

  const workspaceId = request.headers['x-shell-workspace-id'];
  if (typeof workspaceId !== 'string' || !UUID_PATTERN.test(workspaceId)) {
    return sendError(response, 400, 'WORKSPACE_REQUIRED', 'x-shell-workspace-id must be a uuid');
  }
  if (request.method === 'GET') {
    return sendJson(response, 200, { items: notesByWorkspace.get(workspaceId) ?? [] });
  }
  if (request.method === 'POST') {
    createNote(request, response, workspaceId).catch(() =>
      sendError(response, 500, 'INTERNAL', 'The note could not be saved'),
    );
    return undefined;
  }
  return sendError(response, 405, 'METHOD_NOT_ALLOWED', `No route ${route}`);
});

const { PORT = '4102', HOST: host = '127.0.0.1' } = env;
const port = Number(PORT);
if (!/^\d+$/.test(PORT) || port > 65535) {
  console.error(`PORT must be a port number (0-65535), not ${PORT}`);
  process.exit(2);
}
server.listen(port, host, () => {
  const address = server.address();
  const listening = typeof address === 'object' && address !== null ? address.port : port;
  console.log(`notes module listening on http://${host}:${listening}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
