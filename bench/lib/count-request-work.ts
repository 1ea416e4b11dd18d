import type { Cleanup } from './cleanup';
import { startRoundTripCounter, type WireCounts } from './count-round-trips';
import { startAppServer } from './start-app-server';

/** One request kind and what it costs in database work, per request. */
export interface RequestWork {
  key: string;
  roundTrips: number;
  statements: number;
}

export interface CountRequestWorkInput {
  databaseUrl: string;
  port: number;
  environment: NodeJS.ProcessEnv;
  logFile: string;
  cleanup: Cleanup;
  guardToken: string;
  superToken: string;
  /** Two workspaces super switches between. */
  switchTargets: readonly [string, string];
}

const SAMPLE_REQUESTS = 50;

type Send = (index: number) => Promise<Response>;

async function countPerRequest(
  send: Send,
  read: () => WireCounts,
  reset: () => void,
): Promise<Omit<RequestWork, 'key'>> {
  for (let i = 0; i < 10; i += 1) await send(i); // open the pool's connections first
  reset();
  for (let i = 0; i < SAMPLE_REQUESTS; i += 1) {
    const response = await send(i);
    if (!response.ok) throw new Error(`profiling request answered ${response.status}`);
    await response.arrayBuffer();
  }
  const counts = read();
  return {
    roundTrips: counts.roundTrips / SAMPLE_REQUESTS,
    statements: counts.statements / SAMPLE_REQUESTS,
  };
}

/**
 * Counts the Postgres round trips and statements of one health, guard and switch request: a
 * second app server talks to the database through a counting proxy while requests are
 * sent one at a time. Only counts come from this server; it is never timed.
 */
export async function countRequestWork(input: CountRequestWorkInput): Promise<RequestWork[]> {
  const counter = await startRoundTripCounter(input.databaseUrl);
  input.cleanup.add('close the round-trip counter', () => counter.close());
  const server = await startAppServer({
    databaseUrl: counter.url,
    port: input.port,
    environment: input.environment,
    logFile: input.logFile,
    cleanup: input.cleanup,
  });
  const { baseUrl } = server;
  const get = (path: string, token?: string) =>
    fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const switchTo = (index: number) =>
    fetch(`${baseUrl}/api/workspaces/switch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${input.superToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workspace_id: input.switchTargets[index % 2] }),
    });
  const kinds: [string, Send][] = [
    ['health', () => get('/api/health')],
    ['guard', () => get('/api/permissions/effective', input.guardToken)],
    ['switch', switchTo],
  ];
  const work: RequestWork[] = [];
  for (const [key, send] of kinds) {
    work.push({ key, ...(await countPerRequest(send, counter.read, counter.reset)) });
  }
  await server.stop();
  await counter.close();
  return work;
}
