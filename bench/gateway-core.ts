/**
 * `npm run bench:gateway-core`: the gateway's own cost (issue 11: p95 overhead < 3 ms at 4
 * connections; req/s at 50 connections >= 50% of calling the module directly). A module target
 * stand-in (its own process, loopback) answers a small JSON; a bare Node HTTP server in front
 * (this process, the platform's @hono/node-server adapter) calls `createGateway().handle` for each request (the platform's
 * authentication is not in it: the caller is fixed, the snapshot comes from an in-memory
 * stand-in of the snapshot cache, as a cache hit does). autocannon (its own process) compares
 * GET through the gateway with GET of the target directly and, for reference, through a bare
 * undici proxy, at 4 and 50 connections (BENCH_WARMUP seconds of warm-up, then BENCH_DURATION
 * seconds measured each, as the other benches). `-- --sequential`: one request at a time
 * instead (2000 each after 300 unmeasured), the mean latency of each path. Run it on a quiet
 * machine.
 */
import { execFile, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createBreakerRegistry,
  createForwarder,
  createGateway,
  newSigningKey,
  parseSigningKeys,
} from '@aiconnected/gateway';
import { startTarget } from '@aiconnected/gateway/testing';
import { createRequire } from 'node:module';
import type { ModuleSnapshotCache } from '@aiconnected/modules';
import { testSnapshot, testSnapshotManifest } from '@aiconnected/modules/testing';
import { getRequestListener } from '@hono/node-server';
import { Agent } from 'undici';
import { readBenchEnv } from './lib/env';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';

const { durationSeconds: SECONDS, warmupSeconds: WARMUP } = readBenchEnv();
const require = createRequire(import.meta.url);

if (process.argv.includes('--target')) {
  const target = await startTarget();
  target.seen = { push: () => 0 } as never; // keep nothing per request
  // Answered as hello and most Node handlers answer: writeHead, then end(body), so chunked
  // (no Content-Length).
  target.handle = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"greeting":"hello"}');
  };
  process.send?.(target.baseUrl);
  process.on('disconnect', () => void target.close().then(() => process.exit(0)));
} else {
  await main();
}

async function main() {
  const targetProcess = fork(process.argv[1] ?? '', ['--target'], { execArgv: process.execArgv });
  const baseUrl = await new Promise<string>((resolve) =>
    targetProcess.once('message', (url) => resolve(url as string)),
  );
  const target = { baseUrl };
  const workspaceId = randomUUID();
  const context: WorkspaceContext = {
    user_id: randomUUID(),
    session_id: randomUUID(),
    workspace_id: workspaceId,
    role_template: 'business_user',
    permissions: [],
    impersonation: NOT_IMPERSONATING,
  };
  const snapshot = testSnapshot({
    workspaceId,
    manifest: testSnapshotManifest('hello', {
      permissions: ['hello.greeting.read'],
      admin: {
        pages: [],
        navigation: [],
        apiRoutes: [
          {
            method: 'GET',
            path: '/greeting',
            minimumRole: 'member',
            permissions: ['hello.greeting.read'],
          },
        ],
      },
      target: { baseUrl: target.baseUrl, healthPath: '/health' },
    }),
  });
  const forwarder = createForwarder({ allowAnyAddress: true });
  const gateway = createGateway({
    // Stand-in for a cache hit of the process's snapshot cache.
    snapshots: { snapshotOf: () => Promise.resolve(snapshot) } as unknown as ModuleSnapshotCache,
    db: undefined as never,
    ring: parseSigningKeys(JSON.stringify({ keys: [newSigningKey()] })),
    forwarder,
    issuer: 'http://localhost:3000',
    breakers: createBreakerRegistry({
      failures: 5,
      baseEjectionMs: 5000,
      maxEjectionMs: 300_000,
      probe: () => Promise.resolve(true),
      onStateChange: () => undefined,
    }),
  });
  // Only what is not a plain forward is shown (a refusal would make autocannon fail anyway).
  const logger = {
    info: (obj: { status?: unknown }) => {
      if (obj.status !== 200) console.error(obj);
    },
    error: (obj: object) => console.error(obj),
  };
  const memberships = [
    {
      workspaceId,
      workspaceType: 'business',
      roleTemplate: 'business_user',
      relation: 'member',
      overrides: [],
    },
  ] as const;

  // The platform's adapter (@hono/node-server), so the answer's web stream is written back
  // to the socket as the platform does it.
  const listener = getRequestListener((request) => {
    const url = new URL(request.url);
    return gateway.handle({
      caller: { context, memberships: [...memberships] },
      moduleKey: 'hello',
      modulePath: url.pathname.slice('/api/gateway/hello'.length) || '/',
      method: request.method,
      headers: request.headers,
      body: request.body,
      correlationId: randomUUID(),
      clientAddress: '127.0.0.1',
      publicHost: url.host,
      publicProto: 'http',
      logger,
      signal: request.signal,
    });
  });
  const front = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}/api/gateway/hello/greeting`;
  // For reference, not a target: the least a proxy in this process does (undici request,
  // answer piped back), to tell the gateway's own work from the proxying itself.
  const agent = new Agent();
  const bare = createServer((req, res) => {
    void agent
      .request({ origin: target.baseUrl, path: '/greeting', method: 'GET' })
      .then((answer) => {
        res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
        answer.body.pipe(res);
      });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/greeting`;
  const directUrl = `${target.baseUrl}/greeting`;

  /** autocannon in its own process; its p97.5 stands for p95 (the nearest it reports). */
  function load(url: string, connections: number, seconds: number) {
    return new Promise<{ rps: number; p50: number; p95: number }>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          require.resolve('autocannon/autocannon.js'),
          '--json',
          '-c',
          String(connections),
          '-d',
          String(seconds),
          url,
        ],
        { maxBuffer: 16 * 1024 * 1024 },
        (error, stdout) => {
          if (error) return reject(new Error(`autocannon failed: ${error.message}`));
          const result = JSON.parse(stdout) as {
            non2xx: number;
            errors: number;
            requests: { average: number };
            latency: { p50: number; p97_5: number };
          };
          if (result.non2xx > 0 || result.errors > 0)
            return reject(new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`));
          resolve({
            rps: result.requests.average,
            p50: result.latency.p50,
            p95: result.latency.p97_5,
          });
        },
      );
    });
  }

  if (process.argv.includes('--sequential')) {
    const client = new Agent();
    for (const [name, url] of [
      ['direct', directUrl],
      ['bare', bareUrl],
      ['gateway', frontUrl],
    ] as const) {
      const u = new URL(url);
      const one = async () =>
        (await client.request({ origin: u.origin, path: u.pathname, method: 'GET' })).body.text();
      for (let i = 0; i < 300; i++) await one();
      const t = performance.now();
      for (let i = 0; i < 2000; i++) await one();
      console.log(name, (((performance.now() - t) / 2000) * 1000).toFixed(0), 'us');
    }
    process.exit(0);
  }
  const rows: Record<string, { rps: number; p50: number; p95: number }> = {};
  for (const connections of [4, 50]) {
    for (const [name, url] of [
      ['direct', directUrl],
      ['bare proxy', bareUrl],
      ['gateway', frontUrl],
    ] as const) {
      await load(url, connections, WARMUP);
      rows[`${name}@${connections}`] = await load(url, connections, SECONDS);
    }
  }
  console.table(rows);
  const overhead = (rows['gateway@4']?.p95 ?? 0) - (rows['direct@4']?.p95 ?? 0);
  const ratio = (rows['gateway@50']?.rps ?? 0) / (rows['direct@50']?.rps ?? 1);
  console.log(`p95 overhead at 4 connections: ${overhead.toFixed(2)} ms (target < 3 ms)`);
  console.log(`req/s at 50 connections: ${(ratio * 100).toFixed(0)}% of direct (target >= 50%)`);
  front.close();
  bare.close();
  await agent.close();
  await forwarder.close();
  targetProcess.disconnect();
}
