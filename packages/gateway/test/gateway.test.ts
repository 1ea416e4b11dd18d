import { randomUUID } from 'node:crypto';
import {
  probeModuleTarget,
  type ModuleSnapshot,
  type ModuleSnapshotCache,
  type SnapshotManifest,
} from '@aiconnected/modules';
import type { GoverningMembership } from '@aiconnected/permissions';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { testSnapshotManifest } from '@aiconnected/modules/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createBreakerRegistry,
  createForwarder,
  createGateway,
  newSigningKey,
  parseSigningKeys,
  type Gateway,
  type GatewayRequest,
} from '../src';
import { startTarget, type TargetServer } from '../src/testing';

const issuer = 'https://shell.test';
const workspaceId = randomUUID();
const context: WorkspaceContext = {
  user_id: randomUUID(),
  session_id: randomUUID(),
  workspace_id: workspaceId,
  role_template: 'business_user',
  permissions: ['modules.view'],
  impersonation: NOT_IMPERSONATING,
};
const member: GoverningMembership = {
  workspaceId,
  workspaceType: 'business',
  roleTemplate: 'business_user',
  relation: 'member',
  overrides: [],
};

let target: TargetServer;
let gateway: Gateway;
let snapshot: ModuleSnapshot;
const ring = parseSigningKeys(JSON.stringify({ keys: [newSigningKey()] }));
const forwarder = createForwarder({ allowAnyAddress: true });
let logs: Record<string, unknown>[];
const logger = {
  info: (obj: Record<string, unknown>) => logs.push(obj),
  error: (obj: Record<string, unknown>) => logs.push({ error: true, ...obj }),
};

function manifest(over: Partial<SnapshotManifest> = {}): SnapshotManifest {
  return testSnapshotManifest('crm', {
    name: 'CRM',
    permissions: ['crm.contacts.read', 'crm.contacts.write'],
    admin: {
      pages: [],
      navigation: [],
      apiRoutes: [
        {
          method: 'GET',
          path: '/contacts',
          minimumRole: 'member',
          permissions: ['crm.contacts.read'],
        },
        { method: 'GET', path: '/contacts/:id', minimumRole: 'member' },
        {
          method: 'POST',
          path: '/contacts',
          minimumRole: 'member',
          permissions: ['crm.contacts.write'],
        },
        { method: 'POST', path: '/echo', minimumRole: 'member' },
        { method: 'DELETE', path: '/contacts/:id', minimumRole: 'admin' },
      ],
    },
    target: { baseUrl: target.baseUrl, healthPath: '/health' },
    ...over,
  });
}

beforeAll(async () => {
  target = await startTarget('/api');
  // Stand-in for the process's snapshot cache (packages/modules reads it from Postgres).
  const snapshots = {
    snapshotOf: () => Promise.resolve(snapshot),
  } as unknown as ModuleSnapshotCache;
  gateway = createGateway({
    snapshots,
    db: undefined as never,
    ring,
    forwarder,
    issuer,
    breakers: createBreakerRegistry({
      failures: 2,
      baseEjectionMs: 60_000,
      maxEjectionMs: 60_000,
      probe: async (t) =>
        (await probeModuleTarget(t, { allowAnyAddress: true })).status === 'healthy',
      onStateChange: () => undefined,
    }),
  });
});
afterAll(async () => {
  await forwarder.close();
  await target.close();
});
beforeEach(() => {
  logs = [];
  target.seen.length = 0;
  target.handle = (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ url: req.url, headers: req.headers }));
  };
  snapshot = {
    workspaceId,
    parentWorkspaceId: null,
    entitlement: null,
    modules: new Map([
      [
        'crm',
        {
          state: 'enabled',
          version: '1.2.0',
          manifest: manifest(),
          config: {},
          tokenPermissions: [],
        },
      ],
      [
        'off',
        { state: 'disabled', version: '1.0.0', manifest: null, config: null, tokenPermissions: [] },
      ],
    ]),
  };
});

const request = (over: Partial<GatewayRequest> = {}): GatewayRequest => ({
  caller: { context, memberships: [member] },
  moduleKey: 'crm',
  modulePath: '/contacts?limit=5',
  method: 'GET',
  headers: new Headers({
    accept: 'application/json',
    cookie: 'shell_session=secret',
    authorization: 'Bearer secret',
    'x-shell-claims': 'forged',
    'x-forwarded-for': '10.9.9.9',
    connection: 'x-shell-correlation-id',
  }),
  body: null,
  correlationId: 'corr-1',
  clientAddress: '203.0.113.9',
  publicHost: 'shell.test',
  publicProto: 'https',
  logger,
  ...over,
});

describe('createGateway', () => {
  it('forwards with signed claims and trusted headers only; Server-Timing and one log line', async () => {
    const response = await gateway.handle(request());
    expect(response.status).toBe(200);
    const echoed = (await response.json()) as { url: string; headers: Record<string, string> };
    expect(echoed.url).toBe('/api/contacts?limit=5');
    expect(echoed.headers).not.toHaveProperty('cookie');
    expect(echoed.headers).not.toHaveProperty('authorization');
    expect(echoed.headers).toMatchObject({
      accept: 'application/json',
      'x-shell-correlation-id': 'corr-1',
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-host': 'shell.test',
      'x-forwarded-proto': 'https',
      'x-forwarded-prefix': '/api/gateway/crm',
    });
    const claims = await ring.verify(echoed.headers['x-shell-claims'] ?? '', {
      audience: 'crm',
      issuer,
    });
    expect(claims).toMatchObject({
      use: 'gateway',
      sub: context.user_id,
      wid: workspaceId,
      ver: '1.2.0',
      role: 'business_user',
      // A member holds the module's read permission, not its write one.
      perms: ['crm.contacts.read'],
      cid: 'corr-1',
      htm: 'GET',
      htu: '/contacts',
    });
    expect(response.headers.get('server-timing')).toMatch(
      /^gateway;dur=\d+(\.\d+)?, target;dur=\d+(\.\d+)?$/,
    );
    expect(logs).toEqual([
      {
        event: 'gateway.forward',
        decision: 'forwarded',
        module: 'crm',
        version: '1.2.0',
        actor_id: context.user_id,
        method: 'GET',
        path: '/contacts',
        status: 200,
        gateway_ms: expect.any(Number),
        target_ms: expect.any(Number),
      },
    ]);
  });

  it("passes a module's own error JSON through unchanged and streams a POST body", async () => {
    target.handle = (req, res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      req.pipe(res);
    };
    const body = new Blob(['{"name":"Ada"}']).stream();
    const response = await gateway.handle(
      request({
        method: 'POST',
        modulePath: '/echo',
        body,
        headers: new Headers({ 'content-type': 'application/json' }),
      }),
    );
    expect(response.status).toBe(409);
    expect(await response.text()).toBe('{"name":"Ada"}');
  });

  const refusals: [string, () => Partial<GatewayRequest>, () => void, number, object][] = [
    [
      'an unregistered module, answered as one not installed here (not_installed, as the PRD §20.3 gateway codes have it)',
      () => ({ moduleKey: 'nope' }),
      () => undefined,
      403,
      { code: 'MODULE_NOT_ENABLED', details: { module_key: 'nope', state: 'not_installed' } },
    ],
    [
      'a disabled module',
      () => ({ moduleKey: 'off' }),
      () => undefined,
      403,
      { code: 'MODULE_NOT_ENABLED', details: { module_key: 'off', state: 'disabled' } },
    ],
    [
      'a method with no route',
      () => ({ method: 'PUT' }),
      () => undefined,
      404,
      { code: 'NOT_FOUND', details: { module_key: 'crm', method: 'PUT', path: '/contacts' } },
    ],
    [
      'a dot segment',
      () => ({ modulePath: '/contacts/%2e%2e' }),
      () => undefined,
      404,
      {
        code: 'NOT_FOUND',
        details: { module_key: 'crm', method: 'GET', path: '/contacts/%2e%2e' },
      },
    ],
    [
      'an empty segment (a module may read //x/y as host x)',
      () => ({ modulePath: '//contacts/7' }),
      () => undefined,
      404,
      { code: 'NOT_FOUND', details: { module_key: 'crm', method: 'GET', path: '//contacts/7' } },
    ],
    [
      'an empty segment inside the path',
      () => ({ modulePath: '/contacts//7' }),
      () => undefined,
      404,
      { code: 'NOT_FOUND', details: { module_key: 'crm', method: 'GET', path: '/contacts//7' } },
    ],
    [
      'a role below the route',
      () => ({ method: 'DELETE', modulePath: '/contacts/7' }),
      () => undefined,
      403,
      { code: 'PERMISSION_DENIED', details: { module_key: 'crm', minimum_role: 'admin' } },
    ],
    [
      'a permission not held',
      () => ({ method: 'POST', modulePath: '/contacts' }),
      () => undefined,
      403,
      {
        code: 'PERMISSION_DENIED',
        details: { module_key: 'crm', required_permission: 'crm.contacts.write' },
      },
    ],
    [
      'a module-ui token without the route permission',
      () => ({ caller: { context, memberships: [member], tokenPermissions: [] } }),
      () => undefined,
      403,
      {
        code: 'PERMISSION_DENIED',
        details: {
          module_key: 'crm',
          reason: 'token_scope',
          required_permission: 'crm.contacts.read',
        },
      },
    ],
    [
      'a paid module on a suspended account',
      () => ({}),
      () => {
        const crm = snapshot.modules.get('crm');
        (snapshot.modules as Map<string, unknown>).set('crm', {
          ...crm,
          manifest: manifest({ paid: true }),
        });
        snapshot.entitlement = { state: 'suspended', source_workspace_id: workspaceId };
      },
      402,
      {
        code: 'BILLING_SUSPENDED',
        details: { reason: 'suspended', state: 'suspended', source_workspace_id: workspaceId },
      },
    ],
  ];

  it.each(refusals)(
    'refuses %s with the whole envelope; the target is not called',
    async (_name, over, arrange, status, error) => {
      arrange();
      const response = await gateway.handle(request(over()));
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none'; sandbox; frame-ancestors 'none'",
      );
      expect(response.headers.get('server-timing')).toMatch(/^gateway;dur=\d+(\.\d+)?$/);
      const envelope = (await response.json()) as { error: Record<string, unknown> };
      expect(envelope).toEqual({
        error: { message: expect.any(String), correlation_id: 'corr-1', ...error },
      });
      expect(target.seen).toHaveLength(0);
      expect(logs).toEqual([
        expect.objectContaining({
          event: 'gateway.forward',
          decision: 'refused',
          code: (error as { code: string }).code,
          status,
        }),
      ]);
    },
  );

  it('a module-ui token forwards the perms still granted and held; a withdrawn grant applies at once', async () => {
    const crm = snapshot.modules.get('crm');
    const grant = (tokenPermissions: string[]) =>
      (snapshot.modules as Map<string, unknown>).set('crm', { ...crm, tokenPermissions });
    const tokenPermissions = ['crm.contacts.read', 'crm.contacts.write'];
    const withToken = { caller: { context, memberships: [member], tokenPermissions } };
    grant(tokenPermissions);
    const response = await gateway.handle(request(withToken));
    const echoed = (await response.json()) as { headers: Record<string, string> };
    // A member does not hold the write permission, whatever the token says.
    expect(decodeJwt(echoed.headers['x-shell-claims'] ?? '').perms).toEqual(['crm.contacts.read']);
    grant([]);
    const refused = await gateway.handle(request(withToken));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: {
        code: 'PERMISSION_DENIED',
        message: expect.any(String),
        details: {
          module_key: 'crm',
          reason: 'token_scope',
          required_permission: 'crm.contacts.read',
        },
        correlation_id: 'corr-1',
      },
    });
    expect(target.seen).toHaveLength(1);
  });

  it('answers HEAD from a GET route, forwarded as HEAD and bound to HEAD', async () => {
    const response = await gateway.handle(request({ method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(target.seen).toMatchObject([{ method: 'HEAD', url: '/api/contacts?limit=5' }]);
    const claims = decodeJwt(String(target.seen[0]?.headers['x-shell-claims']));
    expect(claims).toMatchObject({ htm: 'HEAD', htu: '/contacts', perms: ['crm.contacts.read'] });
    const noGet = await gateway.handle(request({ method: 'HEAD', modulePath: '/echo' }));
    expect(noGet.status).toBe(404);
    expect(target.seen).toHaveLength(1);
  });

  it('ends the upstream request when the client goes away (499 in the log, no envelope), not counted by the breaker', async () => {
    // Three times with a breaker that opens after two failures: aborts are not failures.
    for (let i = 0; i < 3; i += 1) {
      let reached: () => void = () => undefined;
      const atTarget = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const closed = new Promise<void>((resolve) => {
        target.handle = (req) => {
          req.socket.once('close', () => resolve());
          reached();
        };
      });
      const client = new AbortController();
      const answer = gateway.handle(request({ signal: client.signal }));
      // The client goes away once the target has the request (not after a fixed sleep, which a
      // loaded machine can outlast before the request is even sent: nothing upstream to end).
      await atTarget;
      // @hono/node-server aborts with a string reason ("Error: aborted").
      client.abort('Error: aborted');
      const response = await answer;
      expect(response.status).toBe(499);
      await closed;
    }
    expect(logs).toHaveLength(3);
    for (const line of logs) {
      expect(line).toMatchObject({ decision: 'refused', code: 'CLIENT_CLOSED', status: 499 });
    }
    target.handle = (_req, res) => res.end('{}');
    expect((await gateway.handle(request())).status).toBe(200);
  });

  it('refuses with 503 circuit_open and Retry-After once the target failed twice', async () => {
    snapshot.modules = new Map([
      [
        'crm',
        {
          state: 'enabled',
          version: '9.9.9',
          manifest: manifest(),
          config: {},
          tokenPermissions: [],
        },
      ],
    ]);
    target.handle = (_req, res) => {
      res.statusCode = 504;
      res.end();
    };
    expect((await gateway.handle(request())).status).toBe(504);
    expect((await gateway.handle(request())).status).toBe(504);
    const seen = target.seen.length;
    const response = await gateway.handle(request());
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(await response.json()).toEqual({
      error: {
        code: 'MODULE_TARGET_UNHEALTHY',
        message: expect.any(String),
        details: { module_key: 'crm', reason: 'circuit_open', retry_after_s: 60 },
        correlation_id: 'corr-1',
      },
    });
    expect(target.seen.length).toBe(seen);
  });
});
