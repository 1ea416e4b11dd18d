import type { ModuleHttpTarget } from '@aiconnected/sdk-contracts';
import { Agent, request } from 'undici';
import { pinnedLookup } from '../network/pinned-lookup';
import { resolveHostAddresses } from '../network/resolve-host-addresses';
import { targetAddressRefusal } from './target-address-refusal';

/** The default health timeout when the manifest sets none (`runtime.target.timeoutMs`). */
export const DEFAULT_HEALTH_TIMEOUT_MS = 3000;

/**
 * The address rules of a module target's health check, built from the platform's
 * configuration only (`allowAnyAddress: config.isLocal` in the routes), never from a request.
 */
export interface ModuleTargetRules {
  /**
   * Local mode only (PLATFORM_ENV=local): no address is refused. Otherwise a target whose host
   * is (or resolves to) an address `targetAddressRefusal` refuses is not asked.
   */
  allowAnyAddress: boolean;
  /**
   * Called just before the target is asked, and only then (the routes spend the caller's probe
   * budget here): what it throws (`RATE_LIMITED`) is the answer, and nothing is asked.
   */
  beforeProbe?: () => Promise<void>;
}

/** The rules outside local mode: what every caller gets unless it passes its own. */
export const STRICT_TARGET_RULES: ModuleTargetRules = { allowAnyAddress: false };

/**
 * For tests only: replaces `targetAddressRefusal` when `allowAnyAddress` is false, e.g. to
 * refuse 127.0.0.1 as if it were link-local and so prove a name is resolved and every address
 * judged on a loopback-only machine. Only `probeModuleTarget` takes it (its own argument):
 * enable, upgrade, rollback and the health check never pass it.
 */
export interface ProbeTestHooks {
  addressRefusal: (address: string) => string | null;
}

/** What one health request saw. */
export interface ProbeResult {
  status: 'healthy' | 'unhealthy';
  http_status: number | null;
  latency_ms: number;
  /**
   * In words: `answered 200`, `answered 500`, `timed out after 3000 ms`, `connection refused`,
   * `host not found`, `address not allowed (link-local)`.
   */
  detail: string;
}

/** The URL of a target's health path (`baseUrl` + `healthPath`, one slash between them). */
export function healthUrl(target: ModuleHttpTarget): string {
  return `${target.baseUrl.replace(/\/+$/, '')}${target.healthPath}`;
}

/**
 * Asks a module's target whether it is healthy: `GET baseUrl + healthPath`, healthy when it
 * answers 2xx within `timeoutMs` (default 3000 ms) counted from the name lookup. The host is
 * resolved first and, unless `rules.allowAnyAddress`, not asked when any of its addresses is
 * refused (`targetAddressRefusal`: link-local, cloud metadata, ...; detail
 * `address not allowed (<why>)`); the connection then goes to the addresses that were checked
 * (the lookup is pinned, as `fetchManifest` does). Redirects are not followed (a 3xx is not
 * healthy) and the body is not read. Never throws: a refused address or connection, a
 * timeout or a DNS failure is an unhealthy result saying so.
 */
export async function probeModuleTarget(
  target: ModuleHttpTarget,
  rules: ModuleTargetRules = STRICT_TARGET_RULES,
  testHooks?: ProbeTestHooks,
): Promise<ProbeResult> {
  await rules.beforeProbe?.();
  const timeoutMs = target.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const result = (status: ProbeResult['status'], httpStatus: number | null, detail: string) => ({
    status,
    http_status: httpStatus,
    latency_ms: Math.round(performance.now() - started),
    detail,
  });
  let agent: Agent | undefined;
  try {
    const url = new URL(healthUrl(target));
    const [first, ...rest] = await resolveHostAddresses(url.hostname, deadline);
    if (first === undefined) return result('unhealthy', null, 'host not found');
    const addresses = [first, ...rest] as const;
    if (!rules.allowAnyAddress) {
      const refusal = testHooks?.addressRefusal ?? targetAddressRefusal;
      for (const { address } of addresses) {
        const why = refusal(address);
        if (why !== null) return result('unhealthy', null, `address not allowed (${why})`);
      }
    }
    agent = new Agent({ connect: { lookup: pinnedLookup(addresses) }, pipelining: 0 });
    const response = await request(url, {
      dispatcher: agent,
      method: 'GET',
      headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.1' },
      signal: deadline,
    });
    // Nothing of the body is needed: drop it (the agent is closed below).
    response.body.on('error', () => undefined);
    response.body.destroy();
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return result(
      ok ? 'healthy' : 'unhealthy',
      response.statusCode,
      `answered ${response.statusCode}`,
    );
  } catch (error) {
    return result('unhealthy', null, failureDetail(error, deadline, timeoutMs));
  } finally {
    await agent?.destroy().catch(() => undefined);
  }
}

function failureDetail(error: unknown, deadline: AbortSignal, timeoutMs: number): string {
  if (deadline.aborted) return `timed out after ${timeoutMs} ms`;
  const own = (error as { code?: unknown } | null)?.code;
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof own === 'string' ? own : cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  return typeof code === 'string' ? `no answer (${code})` : 'no answer';
}
