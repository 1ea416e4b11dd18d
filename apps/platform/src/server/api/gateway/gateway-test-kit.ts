import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { startTarget } from '@aiconnected/gateway/testing';
import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  contextOf,
  setupRoleTreeApiTest,
  snapshotTables,
  type MemberLabel,
} from '@aiconnected/platform/testing';
import { enableModule, installModule } from '@aiconnected/modules';
import { registerTestModule, testManifest } from '@aiconnected/modules/testing';
import type { ApiApp, ApiDeps } from '../context';
import { withGatewayListener } from './gateway-listener';

/** One request a module target STAND-IN (loopback, tests only) received. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

/**
 * A module service STAND-IN on 127.0.0.1 (tests only; the gateway's `startTarget` server with
 * these routes): `GET /health` answers 200 unless
 * `healthy` is false; `/echo` answers the request it got (method, url, headers) as JSON;
 * `/flaky` answers 503 while `failing`, else 200; `/slow` never answers (the gateway's
 * timeout); `POST /stream` echoes each body chunk as it arrives; anything else 404 JSON of
 * the module's own. `seen` lists every request but the health checks; `cut` the URLs of those
 * whose connection closed before their body ended (the gateway aborted its upstream request).
 */
export interface ModuleStandIn {
  baseUrl: string;
  seen: SeenRequest[];
  cut: string[];
  healthChecks: number;
  healthy: boolean;
  failing: boolean;
  close(): Promise<void>;
}

function route(standIn: ModuleStandIn, request: IncomingMessage, response: ServerResponse): void {
  const path = (request.url ?? '/').split('?')[0];
  if (path === '/health') {
    standIn.healthChecks += 1;
    response.writeHead(standIn.healthy ? 200 : 503).end();
    return;
  }
  standIn.seen.push({
    method: request.method ?? '',
    url: request.url ?? '',
    headers: request.headers,
  });
  request.once('close', () => {
    if (!request.complete) standIn.cut.push(request.url ?? '');
  });
  if (path === '/slow') return; // never answers
  if (path === '/stream') {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    request.on('data', (chunk: Buffer) => response.write(chunk));
    request.on('end', () => response.end());
    return;
  }
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    response
      .writeHead(status, { 'content-type': 'application/json', ...headers })
      .end(JSON.stringify(body));
  request.resume();
  request.on('end', () => {
    if (path === '/items/404') {
      json(404, { module_error: 'no such thing' });
    } else if (path === '/flaky') {
      json(standIn.failing ? 503 : 200, { failing: standIn.failing });
    } else if (path === '/echo' || path?.startsWith('/items') || path === '/notes') {
      // A module may try to set cookies on the shell's origin or claim shell headers: dropped.
      json(
        200,
        { method: request.method, url: request.url, headers: request.headers },
        { 'set-cookie': 'module=1', 'x-shell-user': 'module-made', 'x-module': 'kept' },
      );
    } else {
      json(404, { module_error: 'no such thing' });
    }
  });
}

/** Starts the stand-in: its routes on the gateway's own target stand-in (`startTarget`). */
export async function startModuleStandIn(): Promise<ModuleStandIn> {
  const target = await startTarget();
  const standIn: ModuleStandIn = {
    baseUrl: target.baseUrl,
    seen: [],
    cut: [],
    healthChecks: 0,
    healthy: true,
    failing: false,
    close: () => target.close(),
  };
  target.handle = (request, response) => route(standIn, request, response);
  return standIn;
}

/**
 * A manifest for gateway tests on `baseUrl`: `testManifest`'s, with the admin routes GET /items
 * and /items/:id (`<key>.items.read`: members), GET|POST /echo (members), GET /admin-only
 * (admins), POST /notes (`<key>.notes.write`: admins), GET /flaky, GET /slow, POST /stream,
 * a 400 ms timeout (unless `timeoutMs`) and a UI at `entryUrl`.
 */
export function gatewayManifest(
  key: string,
  baseUrl: string,
  entryUrl: string,
  timeoutMs = 400,
): ModuleManifest {
  const manifest = testManifest({
    key,
    baseUrl,
    timeoutMs,
    permissions: [`${key}.notes.write`],
  });
  const member = 'member' as const;
  return {
    ...manifest,
    frontend: { entryUrl },
    admin: {
      ...manifest.admin,
      apiRoutes: [
        { method: 'GET', path: '/items', minimumRole: member, permissions: [`${key}.items.read`] },
        {
          method: 'GET',
          path: '/items/:id',
          minimumRole: member,
          permissions: [`${key}.items.read`],
        },
        { method: 'GET', path: '/echo', minimumRole: member },
        { method: 'POST', path: '/echo', minimumRole: member },
        { method: 'GET', path: '/admin-only', minimumRole: 'admin' },
        {
          method: 'POST',
          path: '/notes',
          minimumRole: member,
          permissions: [`${key}.notes.write`],
        },
        { method: 'GET', path: '/flaky', minimumRole: member },
        { method: 'GET', path: '/slow', minimumRole: member },
        { method: 'POST', path: '/stream', minimumRole: member },
      ],
    },
  };
}

/**
 * The API served on a real loopback listener, as the web server serves it: the gateway's
 * forwarded requests answered on the Node request (`withGatewayListener`), the rest by the
 * Hono app through @hono/node-server.
 */
export async function serveApi(served: {
  api: ApiApp;
  deps: ApiDeps;
}): Promise<{ origin: string; close(): Promise<void> }> {
  const listener = await withGatewayListener(served.deps, getRequestListener(served.api.fetch));
  // Its connections can be cut on close.
  const server = createServer((request, response) => void listener(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The gateway route tests' setup (gateway.test.ts, gateway-refusals.test.ts): the role tree's
 * API on a loopback listener, a module stand-in, module `gw` registered, installed and enabled
 * in A1 and `gw-off` installed only; `gw()` calls `/api/gateway/<path>` on the listener as a
 * member (session Bearer), `forwardsNothing` checks a refusal reached no module and changed no
 * table, `echoed` reads the request the stand-in echoed. `bodyTimeoutMs` shortens the
 * listener's body deadline (`API_BODY_TIMEOUT_MS`); `targetTimeoutMs` replaces the modules'
 * 400 ms target timeout (`gatewayManifest`).
 */
export function setupGatewayRouteTest(
  options: { bodyTimeoutMs?: number; targetTimeoutMs?: number } = {},
) {
  const tree = setupRoleTreeApiTest();
  const { setup, ws } = tree;
  let target: ModuleStandIn | undefined;
  let shell: { origin: string; close(): Promise<void> } | undefined;

  beforeAll(async () => {
    target = await startModuleStandIn();
    const { bodyTimeoutMs } = options;
    shell = await serveApi(
      bodyTimeoutMs === undefined
        ? setup
        : {
            api: setup.api,
            deps: { ...setup.deps, config: { ...setup.deps.config, bodyTimeoutMs } },
          },
    );
    const db = setup.deps.db;
    const superAdmin = await contextOf(setup.api, setup.tokens['S.super_admin']);
    const agencyAdmin = await contextOf(setup.api, setup.tokens['A.agency_admin']);
    for (const moduleKey of [GATEWAY_TEST_KEY, 'gw-off']) {
      const entryUrl = `${target.baseUrl}/ui`;
      await registerTestModule(
        db,
        superAdmin,
        gatewayManifest(moduleKey, target.baseUrl, entryUrl, options.targetTimeoutMs),
      );
      const on = { actor: agencyAdmin, workspaceId: ws('A1').id, moduleKey };
      await installModule(db, { ...on, correlationId: 'test-install' });
      if (moduleKey === GATEWAY_TEST_KEY) {
        await enableModule(db, { ...on, correlationId: 'test-enable' });
      }
    }
  });
  afterAll(async () => {
    await shell?.close();
    await target?.close();
  });

  const standIn = (): ModuleStandIn => {
    if (target === undefined) throw new Error('the stand-in starts in beforeAll');
    return target;
  };
  const origin = (): string => {
    if (shell === undefined) throw new Error('the listener starts in beforeAll');
    return shell.origin;
  };

  /** `method /api/gateway/<path>` on the listener as `who` (session Bearer), with `headers`. */
  function gw(who: MemberLabel | null, method: string, path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (who) headers.set('authorization', `Bearer ${setup.tokens[who]}`);
    return fetch(`${origin()}/api/gateway/${path}`, { ...init, method, headers });
  }

  /** Runs `act`, then checks the stand-in saw nothing and no table changed. */
  async function forwardsNothing(act: () => Promise<void>): Promise<void> {
    const before = await snapshotTables(setup.database);
    const seen = standIn().seen.length;
    await act();
    expect(standIn().seen.slice(seen)).toStrictEqual([]);
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  }

  /** The request the stand-in echoed back. */
  async function echoed(response: Response): Promise<SeenRequest> {
    const text = await response.text();
    expect(response.status, text).toBe(200);
    return JSON.parse(text) as SeenRequest;
  }

  return { ...tree, standIn, origin, gw, forwardsNothing, echoed };
}

/** The enabled module of `setupGatewayRouteTest`. */
export const GATEWAY_TEST_KEY = 'gw';
