import { summarizeLatency, type LatencySummary } from './summarize-latency';

/** The gateway's own split of its requests (`Server-Timing: gateway;dur=…, target;dur=…`). */
export interface ServerTimingSample {
  count: number;
  /** The gateway's own time: its whole handling minus the target's. */
  gateway: LatencySummary;
  /** Waiting for the module target's answer (headers). */
  target: LatencySummary;
  /** The whole request as this client saw it (web stack, guard and network included). */
  client: LatencySummary;
  /** Answers other than 200 by status, with the first one's body. */
  refused: Record<string, number>;
  firstRefusal: string | null;
}

/** `dur` of the metric `name` in a Server-Timing header, or null. */
export function serverTimingOf(header: string | null, name: string): number | null {
  for (const metric of (header ?? '').split(',')) {
    const [label, ...params] = metric.trim().split(';');
    if (label !== name) continue;
    const dur = params.map((param) => /^dur=([\d.]+)$/.exec(param.trim())?.[1]).find(Boolean);
    return dur === undefined ? null : Number(dur);
  }
  return null;
}

/**
 * Sends `requests` GETs to `url` (`concurrency` at a time, keep-alive) and summarizes the
 * Server-Timing split each 200 answer carries (other answers are counted apart); throws when
 * a 200 lacks either metric.
 */
export async function sampleServerTiming(
  url: string,
  headers: Record<string, string>,
  { requests, concurrency }: { requests: number; concurrency: number },
): Promise<ServerTimingSample> {
  const gateway: number[] = [];
  const target: number[] = [];
  const client: number[] = [];
  const refused: Record<string, number> = {};
  let firstRefusal: string | null = null;
  let sent = 0;
  const worker = async () => {
    while (sent < requests) {
      sent += 1;
      const start = performance.now();
      const response = await fetch(url, { headers });
      const body = await response.text();
      const timing = response.headers.get('server-timing');
      if (response.status !== 200) {
        refused[response.status] = (refused[response.status] ?? 0) + 1;
        firstRefusal ??= `${response.status} ${timing} ${body}`;
        continue;
      }
      client.push(performance.now() - start);
      const own = serverTimingOf(timing, 'gateway');
      const waited = serverTimingOf(timing, 'target');
      if (own === null || waited === null) {
        throw new Error(`GET ${url}: 200 without the gateway's Server-Timing (${timing})`);
      }
      gateway.push(own);
      target.push(waited);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    count: client.length,
    gateway: summarizeLatency(gateway),
    target: summarizeLatency(target),
    client: summarizeLatency(client),
    refused,
    firstRefusal,
  };
}
