import { SHELL_SDK_CONTRACT_VERSION } from '@aiconnected/sdk-contracts';
import { moduleTablePrefix } from '../migrations/module-table-prefix';

/** What `init` needs to scaffold a module. */
export interface ScaffoldOptions {
  id: string;
  port: number;
}

/** `crm-lite` -> `Crm Lite`. */
function titleOf(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * The files of a new module, by path relative to its directory: a manifest that passes
 * `validate`, a dependency-free node:http server with its health endpoint and one page, a
 * README, and a first migration (with its down script) that passes `lint-migrations`.
 */
export function scaffoldModuleFiles({ id, port }: ScaffoldOptions): Record<string, string> {
  const name = titleOf(id);
  const table = `${moduleTablePrefix(id)}items`;
  const [major = '1', minor = '0'] = SHELL_SDK_CONTRACT_VERSION.split('.');
  const manifest = {
    manifestVersion: 1,
    id,
    name,
    version: '0.1.0',
    description: `${name}: describe what the module does for a workspace.`,
    engines: { shell: `^${major}.${minor}.0` },
    permissions: [`${id}.items.read`],
    capabilities: [],
    sharedEntities: [],
    admin: {
      pages: [{ path: '/', title: name, minimumRole: 'member' }],
      apiRoutes: [
        {
          method: 'GET',
          path: '/items',
          minimumRole: 'member',
          permissions: [`${id}.items.read`],
          description: "The workspace's items",
        },
      ],
      navigation: [{ label: name, path: '/', order: 100 }],
    },
    site: { pages: [], apiRoutes: [], navigation: [], requiredSiteCapabilities: [] },
    events: { emits: [], consumes: [] },
    configSchema: { type: 'object', properties: {}, additionalProperties: false },
    runtime: {
      apiVersion: 'v1',
      target: { type: 'http', baseUrl: `http://127.0.0.1:${port}`, healthPath: '/health' },
    },
  };

  return {
    'manifest.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'server.mjs': serverSource(id, name, port),
    'README.md': readme(id, name, port, table),
    'migrations/001_init.sql': migrationUp(table),
    'migrations/001_init.down.sql': `-- 001_init.down.sql: undoes 001_init.sql (its policies go with the table).\nDROP TABLE IF EXISTS ${table};\n`,
  };
}

function serverSource(id: string, name: string, port: number): string {
  return `// The ${id} module: a plain node:http service, no dependencies.
// Start: PORT=${port} node server.mjs (${port} is the port in manifest.json's runtime.target.baseUrl).
import { createServer } from 'node:http';

const PAGE = \`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${name}</title>
  </head>
  <body>
    <main>
      <h1>${name}</h1>
      <p>This page is served by the ${id} module.</p>
    </main>
  </body>
</html>
\`;

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
  const route = \`\${request.method} \${pathname}\`;
  if (route === 'GET /health') return sendJson(response, 200, { status: 'ok', module: '${id}' });
  if (route === 'GET /') return send(response, 200, 'text/html; charset=utf-8', PAGE);
  if (route === 'GET /items') return sendJson(response, 200, { items: [] });
  return sendJson(response, 404, { code: 'NOT_FOUND', message: \`No route \${route}\` });
});

const { PORT = '${port}', HOST: host = '127.0.0.1' } = process.env;
const port = Number(PORT);
if (!/^\\d+$/.test(PORT) || port > 65535) {
  console.error(\`PORT must be a port number (0-65535), not \${PORT}\`);
  process.exit(2);
}
server.listen(port, host, () => {
  console.log(\`${id} module listening on http://\${host}:\${server.address().port}\`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
`;
}

function migrationUp(table: string): string {
  return `-- 001_init.sql: the module's first table, tenant-scoped (module developer rules): every row
-- belongs to a workspace, RLS is enabled and forced, and each policy is scoped by workspace_id.

CREATE TABLE ${table} (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;

CREATE POLICY ${table}_select_visible ON ${table}
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));

GRANT SELECT ON ${table} TO authenticated;
`;
}

function readme(id: string, name: string, port: number, table: string): string {
  return `# ${name}

A module of the aiConnected shell, scaffolded by \`aiconnected-module init\`.

Start it (the port must match \`runtime.target.baseUrl\` in manifest.json):

\`\`\`sh
PORT=${port} node server.mjs
\`\`\`

It answers \`GET /health\` (the shell checks it before enabling the module), the admin page
\`GET /\` and the API route \`GET /items\`.

Check it before importing it into the shell:

\`\`\`sh
npx aiconnected-module validate manifest.json
npx aiconnected-module lint-migrations migrations
\`\`\`

Tables are named \`${moduleTablePrefix(id)}...\` (like \`${table}\`), carry \`workspace_id uuid NOT NULL\`,
have RLS enabled and forced with policies scoped by \`workspace_id\`, and every
\`NNN_name.sql\` has its \`NNN_name.down.sql\`.
`;
}
