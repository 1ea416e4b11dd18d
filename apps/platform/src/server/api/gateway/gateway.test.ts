import { request as httpRequest } from 'node:http';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  GATEWAY_TEST_KEY as KEY,
  setupGatewayRouteTest,
  type SeenRequest,
} from './gateway-test-kit';

// ALL /api/gateway/{module}/{path} on real Postgres and real sockets, what is forwarded: the
// API served on a loopback listener, the module's service a STAND-IN on loopback
// (gateway-test-kit.ts). The JWKS, a forward's claims and headers, the log line, and forged
// identity headers that never reach the module. Refusals: gateway-refusals.test.ts.

const { setup, ws, member, origin, gw, echoed } = setupGatewayRouteTest();

async function jwks(): Promise<JSONWebKeySet> {
  const response = await fetch(`${origin()}/.well-known/jwks.json`);
  expect(response.status).toBe(200);
  return (await response.json()) as JSONWebKeySet;
}

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public signing keys, cacheable, without any private member', async () => {
    const response = await fetch(`${origin()}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(body).toStrictEqual({
      keys: [
        {
          kty: 'EC',
          crv: 'P-256',
          x: expect.any(String),
          y: expect.any(String),
          kid: setup.deps.signingKeys.activeKid,
          alg: 'ES256',
          use: 'sig',
        },
      ],
    });
  });
});

describe('forwarding', () => {
  it('forwards a declared route with signed claims, the shell’s forwarded headers and Server-Timing', async () => {
    const who = member('A1.business_user');
    const response = await gw('A1.business_user', 'GET', `${KEY}/echo?x=1&y=%2F`);
    const correlationId = response.headers.get('x-correlation-id');
    const seen = await echoed(response);
    expect(seen.method).toBe('GET');
    expect(seen.url).toBe('/echo?x=1&y=%2F');
    expect(seen.headers).toMatchObject({
      'x-shell-correlation-id': correlationId,
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-prefix': `/api/gateway/${KEY}`,
    });
    expect(seen.headers.authorization).toBeUndefined();
    const claims = String(seen.headers['x-shell-claims']);
    const { payload, protectedHeader } = await jwtVerify(claims, createLocalJWKSet(await jwks()), {
      audience: KEY,
      issuer: 'http://localhost:3000',
      algorithms: ['ES256'],
    });
    expect(protectedHeader).toStrictEqual({
      alg: 'ES256',
      kid: setup.deps.signingKeys.activeKid,
      typ: 'JWT',
    });
    expect(payload).toStrictEqual({
      iss: 'http://localhost:3000',
      aud: KEY,
      sub: who.id,
      iat: expect.any(Number),
      nbf: payload.iat,
      exp: (payload.iat ?? 0) + 60,
      jti: expect.any(String),
      use: 'gateway',
      wid: ws('A1').id,
      mod: KEY,
      ver: '1.0.0',
      role: 'business_user',
      // A member holds the module's read permission, not its write one (an admin's).
      perms: [`${KEY}.items.read`],
      cid: correlationId,
      imp: {
        active: false,
        actor_user_id: null,
        actor_workspace_id: null,
        target_workspace_id: null,
      },
      htm: 'GET',
      htu: '/echo',
    });
    // The module's own headers pass; it cannot set cookies or shell headers on the shell's origin.
    expect(response.headers.get('x-module')).toBe('kept');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('x-shell-user')).toBeNull();
    expect(response.headers.get('server-timing')).toMatch(
      /^gateway;dur=\d+(\.\d+)?, target;dur=\d+(\.\d+)?$/,
    );
  });

  it('passes a module’s own error answer through unchanged', async () => {
    const response = await gw('A1.business_user', 'GET', `${KEY}/items/404`);
    expect(response.status).toBe(404);
    expect(await response.json()).toStrictEqual({ module_error: 'no such thing' });
  });

  it('writes one gateway.forward log line per attempt, forwarded or refused', async () => {
    const forwarded = await gw('A1.business_user', 'GET', `${KEY}/items`);
    await forwarded.text();
    const refused = await gw('A1.business_user', 'GET', `${KEY}/nowhere`);
    await refused.text();
    const lines = setup.logs.filter((line) => line.event === 'gateway.forward');
    const byCorrelation = (response: Response) =>
      lines.filter((line) => line.correlation_id === response.headers.get('x-correlation-id'));
    expect(byCorrelation(forwarded)).toStrictEqual([
      expect.objectContaining({
        decision: 'forwarded',
        module: KEY,
        version: '1.0.0',
        workspace_id: ws('A1').id,
        actor_id: member('A1.business_user').id,
        method: 'GET',
        path: '/items',
        status: 200,
        gateway_ms: expect.any(Number),
        target_ms: expect.any(Number),
      }),
    ]);
    expect(byCorrelation(refused)).toStrictEqual([
      expect.objectContaining({
        decision: 'refused',
        code: 'NOT_FOUND',
        module: KEY,
        method: 'GET',
        path: '/nowhere',
        status: 404,
      }),
    ]);
    expect(refused.headers.get('server-timing')).toMatch(/^gateway;dur=\d+(\.\d+)?$/);
  });
});

describe('forged identity headers never reach the module', () => {
  it('drops every client x-shell-*, x-forwarded-*, forwarded, x-real-ip, cookie and Connection-named header', async () => {
    const forged: Record<string, string> = {
      'x-shell-claims': 'forged.claims.token',
      'X-Shell-User-Id': member('S.super_admin').id,
      'x-shell-correlation-id': 'forged-correlation',
      'X-Forwarded-For': '6.6.6.6',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
      'x-forwarded-prefix': '/evil',
      forwarded: 'for=6.6.6.6;host=evil.example',
      'x-real-ip': '6.6.6.6',
      cookie: 'shell_session=stolen',
      // Named in Connection: a hop-by-hop header by the client's own word, dropped first.
      connection: 'keep-alive, x-sneaky, X-Shell-Claims',
      'x-sneaky': 'secret',
      'keep-alive': 'timeout=5',
      authorization: `Bearer ${setup.tokens['A1.business_user']}`,
    };
    const { port } = new URL(origin());
    const seen = await new Promise<SeenRequest>((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'GET',
          path: `/api/gateway/${KEY}/echo`,
          headers: forged,
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () =>
            response.statusCode === 200
              ? resolve(JSON.parse(text) as SeenRequest)
              : reject(new Error(`${response.statusCode} ${text}`)),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
    const names = Object.keys(seen.headers);
    expect(names.filter((name) => name.startsWith('x-shell-')).sort()).toStrictEqual([
      'x-shell-claims',
      'x-shell-correlation-id',
    ]);
    expect(seen.headers['x-shell-claims']).not.toBe('forged.claims.token');
    expect(seen.headers['x-shell-correlation-id']).not.toBe('forged-correlation');
    for (const name of ['x-sneaky', 'forwarded', 'x-real-ip', 'cookie', 'authorization']) {
      expect(seen.headers[name], name).toBeUndefined();
    }
    expect(seen.headers).toMatchObject({
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-prefix': `/api/gateway/${KEY}`,
    });
    expect(seen.headers['x-forwarded-host']).not.toBe('evil.example');
  });
});
