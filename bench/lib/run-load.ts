import autocannon, { type AutocannonRequest } from 'autocannon';
import { startCpuAccounting, type CpuSplit } from './cpu-accounting';
import { summarizeLatency, type LatencySummary } from './summarize-latency';

/** One load pattern against the server. */
export interface LoadScenario {
  /** Stable key in the JSON results, e.g. `guard@4`. */
  key: string;
  /** What the table shows. */
  label: string;
  connections: number;
  /** The request sequence connection `index` (0-based) cycles through. */
  requestsFor(index: number): AutocannonRequest[];
  /** Measured run: a duration in seconds, or a fixed number of requests. */
  stop: { seconds: number } | { requests: number };
  /** Seconds of unmeasured load with the same pattern first (0: none). */
  warmupSeconds: number;
  /** A non-2xx status that is this scenario's answer (the floor's 404), measured as 2xx are. */
  expectedStatus?: number;
}

/** What one measured run produced. */
export interface LoadResult {
  key: string;
  label: string;
  connections: number;
  durationSeconds: number;
  /** Completed responses (any status) per second. */
  requestsPerSecond: number;
  /** Latency of the 2xx responses (and of `expectedStatus` ones). */
  latency: LatencySummary;
  /** Latency of the other responses (e.g. sign-in's 429s), reported apart. */
  refusedLatency: LatencySummary;
  non2xx: number;
  statusCounts: Record<string, number>;
  expectedStatus: number | null;
  /** Connection errors and timeouts: requests that got no response at all. */
  errors: number;
  /** CPU milliseconds per completed request, by part of the machine. */
  cpuPerRequest: CpuSplit;
}

interface Samples {
  ok: number[];
  refused: number[];
  statusCounts: Record<string, number>;
}

function runOnce(
  url: string,
  scenario: LoadScenario,
  stop: LoadScenario['stop'],
  samples: Samples | null,
) {
  return new Promise<{ durationSeconds: number; errors: number }>((resolve, reject) => {
    let nextConnection = 0;
    const instance = autocannon(
      {
        url,
        connections: scenario.connections,
        ...('seconds' in stop ? { duration: stop.seconds } : { amount: stop.requests }),
        timeout: 10,
        // Each connection gets its own request sequence (e.g. its own session token).
        setupClient: (client) => client.setRequests(scenario.requestsFor(nextConnection++)),
      },
      (error, result) => {
        if (error) reject(error);
        else resolve({ durationSeconds: result.duration, errors: result.errors + result.timeouts });
      },
    );
    if (samples) {
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        const answered =
          (statusCode >= 200 && statusCode < 300) || statusCode === scenario.expectedStatus;
        (answered ? samples.ok : samples.refused).push(responseTime);
        samples.statusCounts[statusCode] = (samples.statusCounts[statusCode] ?? 0) + 1;
      });
    }
  });
}

/** The server under load, and what the CPU accounting needs to know about it. */
export interface LoadTarget {
  baseUrl: string;
  /** The server's process (and process group) id. */
  serverPid: number;
  /** The Postgres processes of the bench's database (see postgres-processes.ts). */
  listPostgres: () => Promise<number[]>;
  /** A module target the server forwards to (its process group), accounted apart. */
  targetPid?: number;
}

/**
 * Runs a scenario with autocannon in this process: the warm-up (discarded), then the
 * measured run, keeping every response time so the percentiles are exact, and accounting
 * the CPU time of server, Postgres, this process and anything else per request.
 */
export async function runLoad(target: LoadTarget, scenario: LoadScenario): Promise<LoadResult> {
  const url = target.baseUrl;
  if (scenario.warmupSeconds > 0) {
    await runOnce(url, scenario, { seconds: scenario.warmupSeconds }, null);
  }
  const samples: Samples = { ok: [], refused: [], statusCounts: {} };
  const stopCpuAccounting = await startCpuAccounting(
    target.serverPid,
    target.listPostgres,
    target.targetPid,
  );
  const { durationSeconds, errors } = await runOnce(url, scenario, scenario.stop, samples);
  const cpu = await stopCpuAccounting();
  const total = samples.ok.length + samples.refused.length;
  const perRequest = (value: number) => (total > 0 ? value / total : 0);
  return {
    key: scenario.key,
    label: scenario.label,
    connections: scenario.connections,
    durationSeconds,
    requestsPerSecond: durationSeconds > 0 ? total / durationSeconds : 0,
    latency: summarizeLatency(samples.ok),
    refusedLatency: summarizeLatency(samples.refused),
    non2xx: samples.refused.length,
    statusCounts: samples.statusCounts,
    expectedStatus: scenario.expectedStatus ?? null,
    errors,
    cpuPerRequest: {
      serverMs: perRequest(cpu.serverMs),
      postgresMs: perRequest(cpu.postgresMs),
      ...(cpu.targetMs === undefined ? {} : { targetMs: perRequest(cpu.targetMs) }),
      loadGeneratorMs: perRequest(cpu.loadGeneratorMs),
      otherMs: perRequest(cpu.otherMs),
    },
  };
}
