import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  probeModuleTarget,
  STRICT_TARGET_RULES,
  targetAddressRefusal,
  type ProbeResult,
} from '../../src';
import { startHealthStandIn, type HealthStandIn } from '../../src/testing';

// The health probe's address rules (probe A-7): outside local mode a target at (or resolving
// to) a link-local or cloud metadata address is not asked. Targets stood in on loopback.

let targets: HealthStandIn;
beforeAll(async () => {
  targets = await startHealthStandIn();
});
afterAll(async () => {
  await targets.close();
});

const target = (baseUrl: string, timeoutMs = 1000) => ({
  type: 'http' as const,
  baseUrl,
  healthPath: '/health',
  timeoutMs,
});
const local = { allowAnyAddress: true };
const refusedAs = (detail: string): ProbeResult => ({
  status: 'unhealthy',
  http_status: null,
  latency_ms: expect.any(Number) as number,
  detail,
});

describe('targetAddressRefusal', () => {
  it.each([
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fd00:0ec2:0:0:0:0:0:254', 'cloud metadata'],
    ['100.100.100.200', 'cloud metadata'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['64:ff9b::a9fe:a9fe', 'IPv4 embedded in IPv6'],
    ['::ffff:0:a9fe:a9fe', 'IPv4 embedded in IPv6'],
    ['2002:a9fe:a9fe::1', 'IPv4 embedded in IPv6'],
    ['2001::1', 'IPv4 embedded in IPv6'],
    ['not-an-address', 'not an IP address'],
  ])('refuses %s (%s)', (address, why) => {
    expect(targetAddressRefusal(address)).toBe(why);
  });

  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.10',
    'fd12:3456::1',
    '100.64.0.1',
    '127.0.0.1',
    '::1',
    '::ffff:10.0.0.1',
    '8.8.8.8',
    '2606:4700::1111',
  ])('allows %s (private networks, beside the shell, public)', (address) => {
    expect(targetAddressRefusal(address)).toBeNull();
  });
});

describe('probeModuleTarget address rules', () => {
  it('does not ask a link-local or metadata target outside local mode: an unhealthy result saying why', async () => {
    for (const [baseUrl, why] of [
      ['http://169.254.169.254/latest', 'link-local'],
      ['http://[fe80::1]:8080', 'link-local'],
      ['http://[::ffff:169.254.169.254]', 'link-local'],
      ['http://0xa9fea9fe', 'link-local'],
      ['http://[fd00:ec2::254]', 'cloud metadata'],
      ['http://100.100.100.200', 'cloud metadata'],
      ['http://0.0.0.0:1', 'unspecified'],
    ] as const) {
      // A 60 s timeout: answering well within it shows nothing was asked (10 s leaves room for
      // a loaded machine; an asked address would hold the full 60 s).
      const started = performance.now();
      expect(await probeModuleTarget(target(baseUrl, 60_000)), baseUrl).toStrictEqual(
        refusedAs(`address not allowed (${why})`),
      );
      expect(performance.now() - started).toBeLessThan(10_000);
    }
    // The default rules are these.
    expect(
      await probeModuleTarget(target('http://169.254.169.254', 60_000), STRICT_TARGET_RULES),
    ).toStrictEqual(refusedAs('address not allowed (link-local)'));
  });

  it('asks private and loopback targets outside local mode', async () => {
    const before = targets.hits.healthy;
    expect(await probeModuleTarget(target(targets.baseUrl('healthy')))).toStrictEqual({
      status: 'healthy',
      http_status: 200,
      latency_ms: expect.any(Number) as number,
      detail: 'answered 200',
    });
    expect(targets.hits.healthy).toBe(before + 1);
  });

  it('resolves a name first and judges every address, asking nothing when one is refused', async () => {
    const byName = target(targets.baseUrl('healthy').replace('127.0.0.1', 'localhost'));
    const before = targets.hits.healthy;
    // localhost is 127.0.0.1 (and maybe ::1); refuse 127.0.0.1 as if it were link-local.
    const refuseLoopbackV4 = {
      addressRefusal: (address: string) => (address === '127.0.0.1' ? 'link-local' : null),
    };
    expect(await probeModuleTarget(byName, STRICT_TARGET_RULES, refuseLoopbackV4)).toStrictEqual(
      refusedAs('address not allowed (link-local)'),
    );
    expect(targets.hits.healthy).toBe(before);
    // Allowed, the connection goes to the checked addresses and is answered.
    expect(await probeModuleTarget(byName, STRICT_TARGET_RULES)).toMatchObject({
      status: 'healthy',
      detail: 'answered 200',
    });
    // Local mode refuses nothing (the hook is not consulted).
    expect(await probeModuleTarget(byName, local, refuseLoopbackV4)).toMatchObject({
      status: 'healthy',
    });
    expect(targets.hits.healthy).toBe(before + 2);
  });

  it('asks a link-local target in local mode (its answer, not a refusal)', async () => {
    const result = await probeModuleTarget(target('http://169.254.169.254', 200), local);
    expect(result.status).toBe('unhealthy');
    expect(result.detail).not.toMatch(/^address not allowed/);
  });

  it('keeps its other answers: 500, timeout, refused connection, unknown host', async () => {
    expect(await probeModuleTarget(target(targets.baseUrl('failing')))).toMatchObject({
      status: 'unhealthy',
      http_status: 500,
      detail: 'answered 500',
    });
    expect(await probeModuleTarget(target(targets.baseUrl('slow'), 300))).toStrictEqual(
      refusedAs('timed out after 300 ms'),
    );
    expect(await probeModuleTarget(target(targets.refusedBaseUrl))).toStrictEqual(
      refusedAs('connection refused'),
    );
    expect(await probeModuleTarget(target('http://no-such-host.invalid'))).toStrictEqual(
      refusedAs('host not found'),
    );
  });
});
