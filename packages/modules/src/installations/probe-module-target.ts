import type { ModuleHttpTarget } from '@aiconnected/sdk-contracts';

/** The default health timeout when the manifest sets none (`runtime.target.timeoutMs`). */
export const DEFAULT_HEALTH_TIMEOUT_MS = 3000;

/** What one health request saw. */
export interface ProbeResult {
  status: 'healthy' | 'unhealthy';
  http_status: number | null;
  latency_ms: number;
  /** In words: `answered 200`, `answered 500`, `timed out after 3000 ms`, `connection refused`. */
  detail: string;
}

/** The URL of a target's health path (`baseUrl` + `healthPath`, one slash between them). */
export function healthUrl(target: ModuleHttpTarget): string {
  return `${target.baseUrl.replace(/\/+$/, '')}${target.healthPath}`;
}

/**
 * Asks a module's target whether it is healthy: `GET baseUrl + healthPath`, healthy when it
 * answers 2xx within `timeoutMs` (default 3000 ms). Redirects are not followed (a 3xx is not
 * healthy) and the body is not read. Never throws: a refused connection, a timeout or a
 * DNS failure is an unhealthy result saying so.
 */
export async function probeModuleTarget(target: ModuleHttpTarget): Promise<ProbeResult> {
  const timeoutMs = target.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(healthUrl(target), {
      method: 'GET',
      redirect: 'manual',
      headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.1' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Nothing of the body is needed: release the connection.
    await response.body?.cancel().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return {
      status: ok ? 'healthy' : 'unhealthy',
      http_status: response.status,
      latency_ms: elapsed(),
      detail: `answered ${response.status}`,
    };
  } catch (error) {
    return {
      status: 'unhealthy',
      http_status: null,
      latency_ms: elapsed(),
      detail: failureDetail(error, timeoutMs),
    };
  }
}

function failureDetail(error: unknown, timeoutMs: number): string {
  if (
    error instanceof DOMException &&
    (error.name === 'TimeoutError' || error.name === 'AbortError')
  ) {
    return `timed out after ${timeoutMs} ms`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  return code === undefined ? 'no answer' : `no answer (${code})`;
}
