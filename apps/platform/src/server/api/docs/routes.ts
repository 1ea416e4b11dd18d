import { readFile } from 'node:fs/promises';
import path from 'node:path';
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';
import type { ApiApp, ApiEnv } from '../context';
import { registerSessionSecuritySchemes } from '../guard';
import { createRouter } from '../http/create-router';
import { describeApi } from './openapi-document';

/** The files of swagger-ui-dist the page needs; nothing else in that directory is served. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

/**
 * Only our own origin. The one addition is `data:` images: Swagger UI's stylesheet embeds its
 * icons (chevrons, copy button) as `data:` SVGs, which are part of the file, not a request.
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Served as a file, not inline, so the CSP needs no 'unsafe-inline' for scripts.
// validatorUrl: null, or Swagger UI sends the document to validator.swagger.io.
const INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>aiConnected Core Shell API reference</title>
    <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/api/docs/assets/favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="/api/docs/assets/favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/api/docs/assets/initializer.js"></script>
  </body>
</html>
`;

const assetCache = new Map<string, Buffer>();

async function readAsset(name: string): Promise<Buffer> {
  const cached = assetCache.get(name);
  if (cached) return cached;
  const content = await readFile(path.join(getAbsoluteFSPath(), name));
  assetCache.set(name, content);
  return content;
}

/**
 * The description of `api`: its OpenAPI document at `/openapi.json` (with the session's
 * security schemes), the rendered reference at `/docs` and its same-origin assets at
 * `/docs/assets/*`. The document is read from `api` on each request, so it lists every route
 * mounted on it, whichever order they were mounted in.
 */
export function docsRoutes(api: ApiApp): ApiApp {
  const app = createRouter<ApiEnv>();
  registerSessionSecuritySchemes(app);

  app.get('/openapi.json', (c) => c.json(describeApi(api)));

  app.get('/docs', (c) => {
    c.header('content-security-policy', DOCS_CSP);
    return c.html(PAGE);
  });

  app.get('/docs/assets/initializer.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'public, max-age=3600');
    return c.body(INITIALIZER);
  });

  app.get('/docs/assets/:file', async (c) => {
    const name = c.req.param('file');
    const contentType = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!contentType) return c.notFound();
    const content = await readAsset(name);
    c.header('content-type', contentType);
    c.header('cache-control', 'public, max-age=3600');
    return c.body(new Uint8Array(content));
  });

  return app;
}
