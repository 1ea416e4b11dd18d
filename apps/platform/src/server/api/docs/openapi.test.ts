import { describe, expect, it } from 'vitest';
import type { Db } from '@aiconnected/db';
import { setupTestDatabase } from '@aiconnected/db/testing';
import { createTestApi } from '@/server/api/testing';

let db: Db;
setupTestDatabase(
  () => Promise.resolve(),
  ({ database }) => {
    db = database.db;
  },
);

interface OpenApiResponse {
  headers?: Record<string, unknown>;
  content?: Record<string, { schema: { $ref?: string } }>;
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses: Record<string, OpenApiResponse> }>>;
  components: { schemas: Record<string, unknown> };
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document with the health route and the ErrorEnvelope component', async () => {
    const { api, logs } = createTestApi(null);

    const response = await api.request('/api/openapi.json');

    const failure = logs.find((line) => line.msg === 'unhandled error')?.err;
    expect(response.status, `generation failed: ${JSON.stringify(failure)?.slice(0, 300)}`).toBe(
      200,
    );
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await response.json()) as OpenApiDocument;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({
      title: 'aiConnected Core Shell API',
      version: expect.any(String),
    });
    expect(doc.components.schemas).toHaveProperty('ErrorEnvelope');
    expect(doc.components.schemas).toHaveProperty('ErrorCode');

    const health = doc.paths['/api/health']?.get;
    expect(health).toBeDefined();
    expect(Object.keys(health?.responses ?? {}).sort()).toEqual(['200', '500', '503']);
    expect(health?.responses['500']?.content?.['application/json']?.schema.$ref).toBe(
      '#/components/schemas/ErrorEnvelope',
    );
    for (const status of ['200', '500', '503']) {
      expect(health?.responses[status]?.headers, status).toHaveProperty('x-correlation-id');
    }
  });
});

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}

/** Every operation of the document with the security it declares itself. */
async function operations() {
  // Each operation is called below: the full API, served only with a database.
  const { api } = createTestApi(db);
  const doc = (await (await api.request('/api/openapi.json')).json()) as {
    info: { license?: { name: string } };
    servers?: { url: string }[];
    security?: Record<string, string[]>[];
    components: { securitySchemes?: Record<string, unknown> };
    paths: Record<string, Record<string, Operation>>;
  };
  const list = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method,
      path,
      operation,
      security: operation.security,
    })),
  );
  return { api, doc, list };
}

describe('the OpenAPI document without a database', () => {
  it('describes the whole API, as the API served with a database does', async () => {
    const served = await createTestApi(db).api.request('/api/openapi.json');
    const described = await createTestApi(null).api.request('/api/openapi.json');

    expect(described.status).toBe(200);
    expect(await described.json()).toStrictEqual(await served.json());
  });
});

describe('the operations of the OpenAPI document', () => {
  it('each have a unique operationId', async () => {
    const { list } = await operations();
    const ids = list.map(
      ({ method, path, operation }) => operation.operationId ?? `${method} ${path}`,
    );
    expect(
      list.filter(({ operation }) => !operation.operationId).map((o) => `${o.method} ${o.path}`),
    ).toStrictEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declare the session (cookie or Bearer) exactly where the API asks for one', async () => {
    const { api, doc, list } = await operations();
    expect(doc.components.securitySchemes).toHaveProperty('sessionCookie');
    expect(doc.components.securitySchemes).toHaveProperty('bearerSession');
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.info.license?.name).toBeTruthy();
    const mismatches: string[] = [];
    for (const { method, path, security } of list) {
      // Without any credentials: a signed-in operation answers AUTH_REQUIRED before anything else.
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const response = await api.request(url, {
        method: method.toUpperCase(),
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
        ...(method === 'get' ? {} : { body: '{}' }),
      });
      const body = (await response.json()) as { error?: { code: string } };
      const asksForSession = body.error?.code === 'AUTH_REQUIRED';
      // Each operation states its own requirement: none relies on the document's default.
      expect(security, `${method} ${path} declares its security`).toBeDefined();
      const declared = (security ?? []).length > 0;
      if (declared) {
        // The session, and beyond it only schemes the document declares (POST /events also
        // takes a module's API key).
        const [cookie, bearer, ...others] = security ?? [];
        expect([cookie, bearer], `${method} ${path}`).toStrictEqual([
          { sessionCookie: [] },
          { bearerSession: [] },
        ]);
        for (const other of others) {
          expect(Object.keys(doc.components.securitySchemes ?? {})).toContain(
            Object.keys(other)[0],
          );
        }
      }
      if (asksForSession !== declared) {
        mismatches.push(
          `${method} ${path}: answers ${response.status}, security ${JSON.stringify(security)}`,
        );
      }
    }
    expect(mismatches).toStrictEqual([]);
  });
});

describe('GET /api/docs', () => {
  it('renders the reference from same-origin assets only, under a self-only CSP', async () => {
    const { api } = createTestApi(null);

    const response = await api.request('/api/docs');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|unsafe/);

    const html = await response.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(references.length).toBeGreaterThanOrEqual(3);
    for (const reference of references) expect(reference).toMatch(/^\/api\/docs\/assets\//);

    for (const reference of references) {
      const asset = await api.request(reference);
      expect(asset.status, reference).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, reference).toBeGreaterThan(0);
    }
  });

  it('points Swagger UI at our document and disables the external validator', async () => {
    const { api } = createTestApi(null);

    const script = await (await api.request('/api/docs/assets/initializer.js')).text();

    expect(script).toContain("url: '/api/openapi.json'");
    expect(script).toContain('validatorUrl: null');
    expect(script).not.toMatch(/https?:\/\//);
  });

  it('serves only the listed swagger-ui-dist files', async () => {
    const { api } = createTestApi(null);

    for (const path of [
      '/api/docs/assets/package.json',
      '/api/docs/assets/..%2Fpackage.json',
      '/api/docs/assets/index.html',
    ]) {
      const response = await api.request(path);
      expect(response.status, path).toBe(404);
    }
  });
});
