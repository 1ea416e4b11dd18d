import { enableModule, installModule } from '@aiconnected/modules';
import { registerTestModule } from '@aiconnected/modules/testing';
import { startTarget, type TargetServer } from '@aiconnected/gateway/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextOf, envelope, setupRoleTreeApiTest } from '@aiconnected/platform/testing';
import { gatewayManifest, serveApi } from './gateway-test-kit';

// What a module's answer may put on the shell's origin (docs/modules.md "Gateway"): only the
// gateway's allowlist of its headers, a Location only back into the module, and every gateway
// answer (forwarded or refused) under the API's security headers plus the gateway's sandbox
// policy, behind the Node listener and in process; and the module gets only the path the route
// match saw. The module service is a STAND-IN on loopback that answers hostile headers.

const { setup, ws } = setupRoleTreeApiTest();
let target: TargetServer;
let shell: { origin: string; close(): Promise<void> };

const GATEWAY_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";
const HOSTILE = {
  'content-type': 'text/html',
  'content-security-policy': "script-src 'unsafe-inline'",
  'clear-site-data': '"cookies"',
  'access-control-allow-origin': 'https://evil.example',
  'access-control-allow-credentials': 'true',
  'x-frame-options': 'ALLOWALL',
  'x-content-type-options': 'sniff',
  'referrer-policy': 'unsafe-url',
  'set-cookie': 'shell_session=stolen; Path=/',
  refresh: '0;url=https://evil.example',
  'x-correlation-id': 'module-made',
  'x-module-trace': 'kept',
};

beforeAll(async () => {
  target = await startTarget();
  target.handle = (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/items/hostile') {
      res.writeHead(200, HOSTILE).end('<script>fetch("/api/auth/session")</script>');
    } else if (path === '/items/away') {
      res.writeHead(302, { location: 'https://evil.example/phish', refresh: '0;url=/x' }).end();
    } else if (path === '/items/home') {
      res.writeHead(302, { location: `${target.baseUrl}/items/1?x=1` }).end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' }).end('{}');
    }
  };
  shell = await serveApi(setup);
  const superAdmin = await contextOf(setup.api, setup.tokens['S.super_admin']);
  const agencyAdmin = await contextOf(setup.api, setup.tokens['A.agency_admin']);
  await registerTestModule(
    setup.deps.db,
    superAdmin,
    gatewayManifest('gh', target.baseUrl, `${target.baseUrl}/ui`),
  );
  const on = { actor: agencyAdmin, workspaceId: ws('A1').id, moduleKey: 'gh' };
  await installModule(setup.deps.db, { ...on, correlationId: 'test-install' });
  await enableModule(setup.deps.db, { ...on, correlationId: 'test-enable' });
});
afterAll(async () => {
  await shell.close();
  await target.close();
});

const auth = () => ({ authorization: `Bearer ${setup.tokens['A1.business_user']}` });
/** Over a real socket (the Node listener) and in process (`app.request`). */
const ways: [string, (path: string, init?: RequestInit) => Promise<Response>][] = [
  [
    'behind the Node listener',
    (path, init = {}) => fetch(`${shell.origin}/api/gateway/gh${path}`, init),
  ],
  ['in process', async (path, init = {}) => setup.api.request(`/api/gateway/gh${path}`, init)],
];

/** The API's security headers and the gateway's policy, whatever the module said. */
function expectShellPolicy(response: Response) {
  expect(response.headers.get('content-security-policy')).toBe(GATEWAY_CSP);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(response.headers.get('referrer-policy')).toBe('same-origin');
  expect(response.headers.get('cache-control')).toBe('no-store');
}

describe.each(ways)('a gateway answer %s', (_way, gw) => {
  it("keeps none of a module's hostile headers; the shell's policy is there", async () => {
    const response = await gw('/items/hostile', { headers: auth() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('x-module-trace')).toBe('kept');
    expect(response.headers.get('x-correlation-id')).not.toBe('module-made');
    for (const name of [
      'clear-site-data',
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'set-cookie',
      'refresh',
    ]) {
      expect(response.headers.has(name), name).toBe(false);
    }
    expectShellPolicy(response);
    expect(await response.text()).toContain('<script>');
  });

  it('drops a redirect elsewhere and keeps one back into the module, under its prefix', async () => {
    const away = await gw('/items/away', { headers: auth(), redirect: 'manual' });
    expect(away.status).toBe(302);
    expect(away.headers.has('location')).toBe(false);
    expect(away.headers.has('refresh')).toBe(false);
    const home = await gw('/items/home', { headers: auth(), redirect: 'manual' });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/api/gateway/gh/items/1?x=1');
    expectShellPolicy(home);
  });

  it('refusals carry the same policy: the gateway’s and the credential’s', async () => {
    const notFound = await gw('/nope', { headers: auth() });
    expect(await notFound.json()).toStrictEqual(
      envelope(
        notFound,
        'NOT_FOUND',
        { module_key: 'gh', method: 'GET', path: '/nope' },
        'This module has no such route.',
      ),
    );
    expectShellPolicy(notFound);
    const anonymous = await gw('/echo');
    expect(anonymous.status).toBe(401);
    expectShellPolicy(anonymous);
  });

  it('forwards only the path the route match saw: an empty segment is NOT_FOUND', async () => {
    const seen = target.seen.length;
    for (const path of ['//items/1', '/items//1']) {
      const refused = await gw(path, { headers: auth() });
      expect(await refused.json()).toStrictEqual(
        envelope(
          refused,
          'NOT_FOUND',
          { module_key: 'gh', method: 'GET', path },
          'This module has no such route.',
        ),
      );
    }
    expect(target.seen.length).toBe(seen);
  });

  it('answers HEAD from the GET route, forwarded as HEAD, without a body', async () => {
    const seen = target.seen.length;
    const response = await gw('/echo?x=1', { method: 'HEAD', headers: auth() });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(target.seen.slice(seen)).toMatchObject([{ method: 'HEAD', url: '/echo?x=1' }]);
    expectShellPolicy(response);
  });
});
