// The `notes` example module: a plain node:http service, no dependencies. Notes live in
// memory, per workspace (the gateway's x-shell-workspace-id header).
// Start: PORT=4102 node examples/modules/notes/server.mjs (4102 is the port in manifest.json).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const VISIBILITIES = ['private', 'workspace'];
const MAX_BODY_BYTES = 16 * 1024;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Notes by workspace id. */
const notesByWorkspace = new Map();

function page(title, body) {
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

const PAGES = {
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

function send(response, status, contentType, body) {
  response.writeHead(status, { ...BASE_HEADERS, 'content-type': contentType });
  response.end(body);
}

function sendJson(response, status, value) {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function sendError(response, status, code, message) {
  sendJson(response, status, { code, message });
}

/** The JSON body of a request (at most MAX_BODY_BYTES), or undefined when it is not JSON. */
async function readJsonBody(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

async function createNote(request, response, workspaceId) {
  const body = await readJsonBody(request);
  const text = typeof body?.text === 'string' ? body.text.trim() : '';
  const visibility = body?.visibility ?? 'workspace';
  if (text === '' || text.length > 2000 || !VISIBILITIES.includes(visibility)) {
    return sendError(
      response,
      400,
      'VALIDATION_FAILED',
      'Send {"text": 1-2000 characters, "visibility"?: "private" | "workspace"}',
    );
  }
  const note = { id: randomUUID(), text, visibility, created_at: new Date().toISOString() };
  const notes = notesByWorkspace.get(workspaceId) ?? [];
  notes.push(note);
  notesByWorkspace.set(workspaceId, notes);
  // The event bus delivers emitted events once the gateway exists; until then it is logged.
  console.log(
    JSON.stringify({ emit: 'notes.note.created', data: { note_id: note.id, visibility } }),
  );
  return sendJson(response, 201, note);
}

const server = createServer((request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://module.invalid');
  const route = `${request.method} ${pathname}`;
  if (route === 'GET /health') return sendJson(response, 200, { status: 'ok', module: 'notes' });
  if (request.method === 'GET' && Object.hasOwn(PAGES, pathname)) {
    return send(response, 200, 'text/html; charset=utf-8', PAGES[pathname]);
  }
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

// A dependency-free example reads its two settings directly (no env module to import).
// eslint-disable-next-line no-restricted-properties
const { PORT = '4102', HOST: host = '127.0.0.1' } = process.env;
const port = Number(PORT);
if (!/^\d+$/.test(PORT) || port > 65535) {
  console.error(`PORT must be a port number (0-65535), not ${PORT}`);
  process.exit(2);
}
server.listen(port, host, () => {
  const address = server.address();
  console.log(`notes module listening on http://${host}:${address.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
