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
  type TestApi,
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
const gw = (path: string, init: RequestInit = {}, origin = shell.origin) =>
  fetch(`${origin}/api/gateway/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${user()}`, ...init.headers },
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `key`'s health row shows the breaker `state` after `ejections` openings: written
 * after the answer, one transition at a time, so an earlier state can still be there.
 */
async function recordedBreaker(key: string, state: string, ejections: number) {
  let last: unknown;
  // A deadline, not a count of tries: a loaded machine makes each query slower.
  for (const giveUpAt = Date.now() + 15_000; Date.now() < giveUpAt;) {
    const { rows } = await setup.database.admin.query<{
      breaker_state: string;
      breaker_ejections: number;
    }>(
      'select breaker_state, breaker_ejections from public.module_target_health where module_key = $1',
      [key],
    );
    last = rows[0];
    if (rows[0]?.breaker_state === state && rows[0].breaker_ejections === ejections) return;
    await sleep(20);
  }
  throw new Error(
    `the breaker of ${key} was not recorded as ${state} (${ejections}): ${JSON.stringify(last)}`,
  );
}

describe('a target’s circuit breaker (3 failures, 200 ms ejection growing to 2 s in tests)', () => {
  // The breaker's clock is the test's: an ejection ends when the test moves it on, so however
  // slowly a loaded machine answers, a request meets the breaker in the state the test set.
  let clock = Date.now();
  let clocked: TestApi;
  let clockedShell: { origin: string; close(): Promise<void> };
  beforeAll(async () => {
    clocked = createTestApi(setup.deps.db, {
      gateway: {
        breaker: { failures: 3, baseEjectionMs: 200, maxEjectionMs: 2000, now: () => clock },
      },
    });
    clockedShell = await serveApi(clocked);
  });
  afterAll(async () => {
    await clockedShell.close();
  });
  const flaky = () => gw('flaky/flaky', {}, clockedShell.origin);
  const refusedReason = async (response: Response) =>
    ((await response.json()) as { error: { details: { reason: string } } }).error.details.reason;
  /** The breaker lines of `key` the gateway logged, in order. */
  const logged = (key: string) =>
    clocked.logs.filter((line) => line.event === 'gateway.breaker' && line.module === key);
  /** How long each opening of `key`'s breaker ejected its target (ms), from its log lines. */
  const ejections = (key: string) =>
    logged(key)
      .filter((line) => line.state === 'open')
      .map((line) => Date.parse(line.open_until as string) - Date.parse(line.changed_at as string));

  it('opens after consecutive failures, refuses without forwarding, and closes once the health probe passes', async () => {
    target.failing = true;
    for (let i = 0; i < 3; i += 1) {
      const response = await flaky();
      // The module's own 503 passes through, and counts against its target.
      expect(response.status).toBe(503);
      expect(await response.json()).toStrictEqual({ failing: true });
    }
    const seen = target.seen.length;
    const probes = target.healthChecks;
    const refused = await flaky();
    const body = (await refused.json()) as { error: { details: { retry_after_s: number } } };
    expect(body).toStrictEqual(
      envelope(refused, 'MODULE_TARGET_UNHEALTHY', {
        module_key: 'flaky',
        reason: 'circuit_open',
        retry_after_s: 1,
      }),
    );
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(target.seen.length).toBe(seen);
    // Recorded for the modules screen (GET /modules/available's health.breaker).
    await recordedBreaker('flaky', 'open', 1);

    // Half-open: the health probe is the trial, once the 200 ms are over and not before.
    target.failing = false;
    target.healthy = false;
    clock += 199;
    expect(await refusedReason(await flaky())).toBe('circuit_open');
    expect(target.healthChecks).toBe(probes);
    // Unhealthy: open again, for longer (400 ms).
    clock += 1;
    const still = await flaky();
    expect(still.status).toBe(503);
    expect(await refusedReason(still)).toBe('circuit_open');
    expect(target.healthChecks).toBe(probes + 1);
    expect(target.seen.length).toBe(seen);
    clock += 399;
    expect(await refusedReason(await flaky())).toBe('circuit_open');
    expect(target.healthChecks).toBe(probes + 1);
    await recordedBreaker('flaky', 'open', 2);

    // Healthy again: the next trial closes it and the request is forwarded.
    target.healthy = true;
    clock += 1;
    const recovered = await flaky();
    expect(recovered.status).toBe(200);
    expect(await recovered.json()).toStrictEqual({ failing: false });
    expect(target.healthChecks).toBe(probes + 2);
    expect(target.seen.length).toBe(seen + 1);
    expect(logged('flaky').map((line) => line.state)).toStrictEqual([
      'open',
      'half_open',
      'open',
      'half_open',
      'closed',
    ]);
    expect(ejections('flaky')).toStrictEqual([200, 400]);
    await recordedBreaker('flaky', 'closed', 0);
  });
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
    // The manifest's 400 ms, not the 30 s default (10 s: room for a loaded machine).
    expect(Date.now() - started).toBeLessThan(10_000);
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
