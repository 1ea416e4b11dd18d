import { probeModuleTarget } from '@aiconnected/modules';
import type { ModuleHttpTarget } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  answerResponse,
  createBreakerRegistry,
  createForwarder,
  type BreakerKey,
  type BreakerRegistry,
  type BreakerView,
  type Forwarder,
} from '../src';
import { startTarget, type TargetServer } from '../src/testing';

let target: TargetServer;
let forwarder: Forwarder;
/** What the target answers on command: its routes, and its health path. */
let routeStatus = 200;
let healthStatus = 200;
beforeAll(async () => {
  target = await startTarget();
  target.handle = (req, res) => {
    res.statusCode = req.url === '/health' ? healthStatus : routeStatus;
    res.end(req.url);
  };
  forwarder = createForwarder({ allowAnyAddress: true });
});
afterAll(async () => {
  await forwarder.close();
  await target.close();
});

let registry: BreakerRegistry;
let changes: { key: BreakerKey; view: BreakerView }[];
let key: BreakerKey;
let moduleTarget: ModuleHttpTarget;
/** The breakers' clock (ms): ejections end when a test moves it on, not by sleeping. */
let clock: number;
beforeEach(() => {
  clock = Date.now();
  routeStatus = 200;
  healthStatus = 200;
  target.seen.length = 0;
  changes = [];
  key = { moduleKey: 'crm', version: `1.0.${Math.floor(Math.random() * 1e6)}` };
  moduleTarget = { type: 'http', baseUrl: target.baseUrl, healthPath: '/health' };
  registry = createBreakerRegistry({
    failures: 2,
    baseEjectionMs: 400,
    maxEjectionMs: 1000,
    probe: async (t) =>
      (await probeModuleTarget(t, { allowAnyAddress: true })).status === 'healthy',
    onStateChange: (k, view) => changes.push({ key: k, view }),
    now: () => clock,
  });
});

const call = () =>
  registry.execute(key, moduleTarget, () =>
    forwarder.forward({
      target: moduleTarget,
      moduleKey: key.moduleKey,
      method: 'GET',
      path: '/work',
      prefix: '/api/gateway/crm',
      headers: {},
      body: null,
    }),
  );
const statusOf = async () => {
  const response = answerResponse(await call());
  await response.arrayBuffer();
  return response.status;
};
const routeCalls = () => target.seen.filter((seen) => seen.url === '/work').length;
const healthCalls = () => target.seen.filter((seen) => seen.url === '/health').length;

describe('createBreakerRegistry', () => {
  it("passes a module's own 500 through without counting it", async () => {
    routeStatus = 500;
    for (let i = 0; i < 5; i += 1) expect(await statusOf()).toBe(500);
    expect(changes).toEqual([]);
    expect(registry.view(key)).toEqual({
      state: 'closed',
      ejections: 0,
      open_until: null,
      changed_at: null,
    });
  });

  it('opens after consecutive 502/503/504 answers, refuses without forwarding, with Retry-After seconds', async () => {
    routeStatus = 503;
    expect(await statusOf()).toBe(503);
    expect(await statusOf()).toBe(503);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.key).toEqual(key);
    const opened = changes[0]?.view;
    expect(opened).toMatchObject({ state: 'open', ejections: 1 });
    expect(Date.parse(opened?.open_until ?? '') - Date.parse(opened?.changed_at ?? '')).toBe(400);
    const before = target.seen.length;
    await expect(call()).rejects.toMatchObject({
      code: 'MODULE_TARGET_UNHEALTHY',
      status: 503,
      details: { module_key: 'crm', reason: 'circuit_open', retry_after_s: 1 },
    });
    expect(target.seen.length).toBe(before);
  });

  it('half-open runs the health probe once for concurrent callers; unhealthy reopens for longer, healthy closes', async () => {
    routeStatus = 502;
    await statusOf();
    await statusOf();
    expect(registry.view(key).state).toBe('open');
    routeStatus = 200;
    healthStatus = 500;
    clock += 399;
    await expect(call()).rejects.toMatchObject({ details: { reason: 'circuit_open' } });
    expect(healthCalls()).toBe(0);
    clock += 1;
    const routeBefore = routeCalls();
    const failed = await Promise.allSettled([call(), call(), call()]);
    for (const result of failed) {
      expect(result).toMatchObject({
        status: 'rejected',
        reason: { code: 'MODULE_TARGET_UNHEALTHY', details: { reason: 'circuit_open' } },
      });
    }
    expect(healthCalls()).toBe(1);
    expect(routeCalls()).toBe(routeBefore);
    expect(changes.map((change) => change.view.state)).toEqual(['open', 'half_open', 'open']);
    const reopened = changes[2]?.view;
    expect(reopened?.ejections).toBe(2);
    expect(Date.parse(reopened?.open_until ?? '') - Date.parse(reopened?.changed_at ?? '')).toBe(
      800,
    );

    healthStatus = 200;
    clock += 800;
    const answers = await Promise.all([statusOf(), statusOf(), statusOf()]);
    expect(answers).toEqual([200, 200, 200]);
    expect(healthCalls()).toBe(2);
    expect(routeCalls()).toBe(routeBefore + 3);
    expect(changes.map((change) => change.view.state)).toEqual([
      'open',
      'half_open',
      'open',
      'half_open',
      'closed',
    ]);
    expect(registry.view(key)).toMatchObject({ state: 'closed', ejections: 0, open_until: null });
  });

  it('counts connection failures; the ejection is capped at maxEjectionMs', async () => {
    const closed = await startTarget();
    await closed.close();
    const gone: ModuleHttpTarget = { type: 'http', baseUrl: closed.baseUrl, healthPath: '/health' };
    const callGone = () =>
      registry.execute(key, gone, () =>
        forwarder.forward({
          target: gone,
          moduleKey: 'crm',
          method: 'GET',
          path: '/',
          prefix: '/api/gateway/crm',
          headers: {},
          body: null,
        }),
      );
    for (let i = 0; i < 2; i += 1) {
      await expect(callGone()).rejects.toMatchObject({ details: { reason: 'unreachable' } });
    }
    for (const wait of [400, 800, 1000]) {
      clock += wait;
      await expect(callGone()).rejects.toMatchObject({ details: { reason: 'circuit_open' } });
    }
    const durations = changes
      .filter((change) => change.view.state === 'open')
      .map(
        (change) =>
          Date.parse(change.view.open_until ?? '') - Date.parse(change.view.changed_at ?? ''),
      );
    expect(durations).toEqual([400, 800, 1000, 1000]);
  });
});
