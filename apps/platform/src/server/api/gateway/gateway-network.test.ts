import { request as httpRequest } from 'node:http';
import { enableModule, installModule } from '@aiconnected/modules';
import { registerTestModule } from '@aiconnected/modules/testing';
import { ERROR_USER_MESSAGES } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contextOf,
  createTestApi,
  envelope,
  setupRoleTreeApiTest,
} from '@aiconnected/platform/testing';
import {
  gatewayManifest,
  serveApi,
  startModuleStandIn,
  type ModuleStandIn,
} from './gateway-test-kit';

// The gateway's network behaviour behind the platform route, on real sockets: the circuit
// breaker of a target that fails on command (open, half-open trial by the health probe,
// closed), a target's timeout (504) and absence (502), the body cap, and a 50 MB body streamed
// both ways without being buffered. Module services are STAND-INs on loopback.

const { setup, ws } = setupRoleTreeApiTest();
let target: ModuleStandIn;
let gone: ModuleStandIn;
let shell: { origin: string; close(): Promise<void> };

beforeAll(async () => {
  target = await startModuleStandIn();
  gone = await startModuleStandIn();
  shell = await serveApi(setup);
  const db = setup.deps.db;
  const superAdmin = await contextOf(setup.api, setup.tokens['S.super_admin']);
  const agencyAdmin = await contextOf(setup.api, setup.tokens['A.agency_admin']);
  const modules: [string, ModuleStandIn][] = [
    ['flaky', target],
    ['slow', target],
    ['stream', target],
    ['gone', gone],
  ];
  for (const [key, standIn] of modules) {
    await registerTestModule(
      db,
      superAdmin,
      gatewayManifest(key, standIn.baseUrl, `${standIn.baseUrl}/ui`),
    );
    const on = { actor: agencyAdmin, workspaceId: ws('A1').id, moduleKey: key };
    await installModule(db, { ...on, correlationId: 'test-install' });
    await enableModule(db, { ...on, correlationId: 'test-enable' });
  }
  // Enabled while it answered; now nothing listens there.
  await gone.close();
});
afterAll(async () => {
  await shell.close();
  await target.close();
});

const user = () => setup.tokens['A1.business_user'];
const gw = (path: string, init: RequestInit = {}) =>
  fetch(`${shell.origin}/api/gateway/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${user()}`, ...init.headers },
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The breaker columns of `key`'s health row once they show `state` (written after the answer). */
async function recordedBreaker(key: string, state: string) {
  for (let tries = 0; tries < 100; tries += 1) {
    const { rows } = await setup.database.admin.query<{
      breaker_state: string;
      breaker_ejections: number;
    }>(
      'select breaker_state, breaker_ejections from public.module_target_health where module_key = $1',
      [key],
    );
    if (rows[0]?.breaker_state === state) return rows[0];
    await sleep(20);
  }
  throw new Error(`the breaker of ${key} was not recorded as ${state}`);
}

/** The breaker transitions of `key` the gateway logged, in order. */
const transitions = (key: string) =>
  setup.logs
    .filter((line) => line.event === 'gateway.breaker' && line.module === key)
    .map((line) => line.state);

describe('a target’s circuit breaker (3 failures, 200 ms ejection growing to 2 s in tests)', () => {
  it('opens after consecutive failures, refuses without forwarding, and closes once the health probe passes', async () => {
    target.failing = true;
    for (let i = 0; i < 3; i += 1) {
      const response = await gw('flaky/flaky');
      // The module's own 503 passes through, and counts against its target.
      expect(response.status).toBe(503);
      expect(await response.json()).toStrictEqual({ failing: true });
    }
    const seen = target.seen.length;
    const refused = await gw('flaky/flaky');
    const body = (await refused.json()) as { error: { details: { retry_after_s: number } } };
    expect(body).toStrictEqual(
      envelope(refused, 'MODULE_TARGET_UNHEALTHY', {
        module_key: 'flaky',
        reason: 'circuit_open',
        retry_after_s: expect.any(Number),
      }),
    );
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe(String(body.error.details.retry_after_s));
    expect(target.seen.length).toBe(seen);
    // Recorded for the modules screen (GET /modules/available's health.breaker).
    expect(await recordedBreaker('flaky', 'open')).toStrictEqual({
      breaker_state: 'open',
      breaker_ejections: 1,
    });

    // Half-open: the health probe is the trial. Unhealthy: open again, longer.
    target.failing = false;
    target.healthy = false;
    await sleep(300);
    const probes = target.healthChecks;
    const still = await gw('flaky/flaky');
    expect(still.status).toBe(503);
    expect(
      ((await still.json()) as { error: { details: { reason: string } } }).error.details.reason,
    ).toBe('circuit_open');
    expect(target.healthChecks).toBe(probes + 1);
    expect(target.seen.length).toBe(seen);

    // Healthy again: the next trial closes it and the request is forwarded.
    target.healthy = true;
    await sleep(2100);
    const recovered = await gw('flaky/flaky');
    expect(recovered.status).toBe(200);
    expect(await recovered.json()).toStrictEqual({ failing: false });
    expect(target.seen.length).toBe(seen + 1);
    expect(transitions('flaky')).toStrictEqual([
      'open',
      'half_open',
      'open',
      'half_open',
      'closed',
    ]);
  }, 15_000);
});

describe('target failures', () => {
  it('504 MODULE_TARGET_UNHEALTHY when the target does not answer within its timeoutMs', async () => {
    const started = Date.now();
    const response = await gw('slow/slow');
    expect(response.status).toBe(504);
    expect(await response.json()).toStrictEqual(
      envelope(
        response,
        'MODULE_TARGET_UNHEALTHY',
        { module_key: 'slow', reason: 'timeout' },
        expect.any(String),
      ),
    );
    // The manifest's 400 ms, not the 30 s default.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('502 MODULE_TARGET_UNHEALTHY when nothing listens at the target', async () => {
    const response = await gw('gone/echo');
    expect(response.status).toBe(502);
    expect(await response.json()).toStrictEqual(
      envelope(
        response,
        'MODULE_TARGET_UNHEALTHY',
        { module_key: 'gone', reason: 'unreachable' },
        expect.any(String),
      ),
    );
  });
});

describe('request bodies', () => {
  it('PAYLOAD_TOO_LARGE over GATEWAY_MAX_BODY_BYTES, the module never asked', async () => {
    const small = createTestApi(setup.deps.db, { gateway: { maxBodyBytes: 1024 } });
    const listener = await serveApi(small);
    try {
      const seen = target.seen.length;
      const response = await fetch(`${listener.origin}/api/gateway/stream/stream`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user()}`, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(4096),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toStrictEqual(
        envelope(
          response,
          'PAYLOAD_TOO_LARGE',
          { max_bytes: 1024 },
          ERROR_USER_MESSAGES.PAYLOAD_TOO_LARGE,
        ),
      );
      expect(target.seen.length).toBe(seen);
    } finally {
      await listener.close();
    }
  });

  it('streams a 50 MB body both ways without buffering it (the echo starts before the upload ends)', async () => {
    const chunk = Buffer.alloc(64 * 1024, 7);
    const total = 50 * 1024 * 1024;
    const { port } = new URL(shell.origin);
    const echoed = await new Promise<number>((resolve, reject) => {
      const outgoing = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/gateway/stream/stream',
        headers: {
          authorization: `Bearer ${user()}`,
          'content-type': 'application/octet-stream',
          'transfer-encoding': 'chunked',
        },
      });
      outgoing.on('error', reject);
      outgoing.on('response', (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`status ${response.statusCode}`));
          return;
        }
        let received = 0;
        let sending = false;
        response.on('data', (data: Buffer) => {
          received += data.length;
          // Only once the first chunk came back: a gateway that buffered the request body
          // before forwarding would never answer, and this test would time out.
          if (!sending) {
            sending = true;
            void (async () => {
              for (let sent = chunk.length; sent < total; sent += chunk.length) {
                if (!outgoing.write(chunk))
                  await new Promise((done) => outgoing.once('drain', done));
              }
              outgoing.end();
            })();
          }
        });
        response.on('end', () => resolve(received));
      });
      outgoing.write(chunk);
      outgoing.flushHeaders();
    });
    expect(echoed).toBe(total);
  }, 60_000);
});
