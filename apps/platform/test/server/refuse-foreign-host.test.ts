import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHostWorkspaceCache, type HostWorkspaceCache } from '@aiconnected/branding';
import { createChannelHub } from '@aiconnected/db';
import { seedWorkspace, setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isApiPath } from '@/server/api-target';
import { NEUTRAL_HOST_PAGE } from '@/server/neutral-host-page';
import { refuseForeignHost } from '@/server/refuse-foreign-host';

const config = {
  baseUrl: 'http://devbox.example:3000',
  allowedOrigins: ['http://devbox.example:3000', 'https://admin.devbox.example'],
  isLocal: true,
};

let test: TestDatabase;
let hosts: HostWorkspaceCache;

// A business with a verified custom domain, a pending one and a platform host (its slug).
setupTestDatabase(
  async (database) => {
    const platform = await seedWorkspace(database.admin, { type: 'super', parentId: null });
    const agency = await seedWorkspace(database.admin, { type: 'agency', parentId: platform.id });
    const workspace = await seedWorkspace(database.admin, {
      type: 'business',
      parentId: agency.id,
      slug: 'acme-dental',
    });
    await database.admin.query(
      `insert into public.workspace_domains (workspace_id, host, verification_token, status, verified_at)
       values ($1, 'login.acme.example', repeat('t', 32), 'verified', now()),
              ($1, 'pending.acme.example', repeat('u', 32), 'pending', null)`,
      [workspace.id],
    );
  },
  (setup) => {
    test = setup.database;
    hosts = createHostWorkspaceCache(test.db, {
      platformRoot: 'tenants.example',
      hub: createChannelHub(test.db),
    });
    hosts.listen();
  },
);
afterAll(async () => {
  await hosts.close();
});

/** A listener that refuses as the web server does, else answers 200 `served`. */
function listen(
  withHosts: boolean | Pick<HostWorkspaceCache, 'resolve'>,
  options: { isLocal?: boolean; onLookupError?: (error: unknown) => void } = {},
): Promise<{ server: Server; port: number }> {
  const server = createServer((incoming, outgoing) => {
    // As the web server decides it (the JWKS and dot-segment paths are the API's too).
    const api = isApiPath(incoming.url ?? '/');
    const serve = () => outgoing.end('served');
    const refused = refuseForeignHost(incoming, outgoing, {
      config: { ...config, isLocal: options.isLocal ?? true },
      api,
      hosts: withHosts === true ? hosts : withHosts === false ? null : withHosts,
      onLookupError: options.onLookupError,
    });
    if (refused === false) serve();
    else if (refused !== true) void refused.then((no) => (no ? undefined : serve()));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port }),
    ),
  );
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request on the wire with `host` as its Host header (Node answers none with 400 itself). */
function send(port: number, method: string, path: string, host: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = { host: '127.0.0.1', port, method, path, headers: { host } };
    const outgoing = request(target, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the web server, by Host', () => {
  let web: { server: Server; port: number };
  beforeAll(async () => {
    web = await listen(true);
  });
  afterAll(() => new Promise((resolve) => web.server.close(resolve)));

  it('refuses an API request for an unknown or rebound name with the NOT_FOUND envelope', async () => {
    for (const [host, method, path] of [
      ['evil.test:3300', 'POST', '/api/auth/sign-in'],
      ['pending.acme.example', 'POST', '/api/auth/sign-in'],
      // The gateway's public keys are the API's: refused as such.
      ['evil.test:3300', 'GET', '/.well-known/jwks.json'],
    ] as const) {
      const answer = await send(web.port, method, path, host);
      const correlationId = answer.headers['x-correlation-id'];
      expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.status).toBe(404);
      expect(answer.headers).toMatchObject({
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      expect(JSON.parse(answer.text)).toStrictEqual({
        error: {
          code: 'NOT_FOUND',
          message: 'This server does not answer requests addressed to that host.',
          details: { reason: 'host' },
          correlation_id: correlationId,
        },
      });
    }
  });

  it.each([
    ['a rebound name', 'evil.test:3300'],
    ['another loopback address', '127.0.0.2:3000'],
    ['a pending custom domain', 'pending.acme.example'],
    ['an unknown platform host', 'nobody.tenants.example'],
  ])('answers a page requested with %s with the neutral page', async (_, host) => {
    const answer = await send(web.port, 'GET', '/sign-in', host);
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['content-security-policy']).toMatch(
      /^default-src 'none'; style-src 'sha256-/,
    );
    expect(answer.text).toBe(NEUTRAL_HOST_PAGE);
    expect(answer.text).not.toMatch(/aiConnected|sign in/i);
  });

  it.each([
    'localhost:3300',
    '127.0.0.1:3300',
    '[::1]:3300',
    'app.localhost',
    'devbox.example:3000',
    'admin.devbox.example',
    'login.acme.example',
    'LOGIN.acme.example.:8443',
    'acme-dental.tenants.example:3000',
  ])('serves pages and API addressed to %s', async (host) => {
    for (const path of ['/sign-in', '/api/auth/sign-in']) {
      const answer = await send(web.port, 'GET', path, host);
      expect({ path, status: answer.status, text: answer.text }).toStrictEqual({
        path,
        status: 200,
        text: 'served',
      });
    }
  });

  it('answers /api/health for any host (load balancers probe by address)', async () => {
    expect((await send(web.port, 'GET', '/api/health', '10.0.0.5:3000')).text).toBe('served');
    expect((await send(web.port, 'GET', '/api/healthz', '10.0.0.5:3000')).status).toBe(404);
  });

  it('stops serving a domain once it is removed (the cache hears the change)', async () => {
    await test.admin.query(
      `insert into public.workspace_domains (workspace_id, host, verification_token, status, verified_at)
       select workspace_id, 'brief.acme.example', repeat('v', 32), 'verified', now()
         from public.workspace_domains where host = 'login.acme.example'`,
    );
    // Up to 15 s on a loaded machine, well under the cache's 60 s TTL: the notification does it.
    await expect.poll(() => hosts.active, { timeout: 15_000 }).toBe(true);
    expect((await send(web.port, 'GET', '/sign-in', 'brief.acme.example')).status).toBe(200);
    await test.admin.query(
      `delete from public.workspace_domains where host = 'brief.acme.example'`,
    );
    await expect
      .poll(async () => (await send(web.port, 'GET', '/sign-in', 'brief.acme.example')).status, {
        timeout: 15_000,
      })
      .toBe(404);
  });
});

describe('the web server without a database', () => {
  let web: { server: Server; port: number };
  beforeAll(async () => {
    web = await listen(false);
  });
  afterAll(() => new Promise((resolve) => web.server.close(resolve)));

  it('serves its own names only', async () => {
    expect((await send(web.port, 'GET', '/sign-in', 'localhost:3000')).status).toBe(200);
    expect((await send(web.port, 'GET', '/sign-in', 'login.acme.example')).status).toBe(404);
  });
});

describe('the web server outside local mode', () => {
  let web: { server: Server; port: number };
  beforeAll(async () => {
    web = await listen(true, { isLocal: false });
  });
  afterAll(() => new Promise((resolve) => web.server.close(resolve)));

  it('treats loopback names as any other host (no skipping host routing)', async () => {
    for (const host of ['localhost:3300', '127.0.0.1:3300', 'app.localhost']) {
      expect((await send(web.port, 'GET', '/sign-in', host)).status, host).toBe(404);
    }
    expect((await send(web.port, 'GET', '/sign-in', 'devbox.example:3000')).status).toBe(200);
  });
});

describe('the web server when the host lookup fails', () => {
  let web: { server: Server; port: number };
  const failures: unknown[] = [];
  beforeAll(async () => {
    const broken = { resolve: () => Promise.reject(new Error('pool exhausted')) };
    web = await listen(broken, { onLookupError: (error) => failures.push(error) });
  });
  afterAll(() => new Promise((resolve) => web.server.close(resolve)));

  it('answers 503 SERVICE_UNAVAILABLE (envelope for the API, a plain page otherwise), not a 500', async () => {
    const api = await send(web.port, 'POST', '/api/auth/sign-in', 'login.acme.example');
    const correlationId = api.headers['x-correlation-id'];
    expect(api.status).toBe(503);
    expect(api.headers).toMatchObject({
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'retry-after': '30',
    });
    expect(JSON.parse(api.text)).toStrictEqual({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: expect.any(String) as string,
        correlation_id: correlationId,
      },
    });
    const page = await send(web.port, 'GET', '/sign-in', 'login.acme.example');
    expect([page.status, page.headers['content-type']]).toStrictEqual([
      503,
      'text/html; charset=utf-8',
    ]);
    expect(page.text).toMatch(/temporarily unavailable/);
    expect(failures).toHaveLength(2);
    // Own hosts need no lookup: still served.
    expect((await send(web.port, 'GET', '/sign-in', 'devbox.example:3000')).status).toBe(200);
  });
});
