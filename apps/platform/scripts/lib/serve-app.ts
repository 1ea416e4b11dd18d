import cluster from 'node:cluster';
import path from 'node:path';
import { setServingEnvironment, type Env } from '../../src/env';
import { PLATFORM_DIR } from './paths';

/** The web app being served: in this process, or by `WEB_CONCURRENCY` cluster workers. */
export interface ServedApp {
  /** How many processes serve (1: this one). */
  workers: number;
  /** Stops serving: every worker closes its server and its database pool. */
  stop(): Promise<void>;
}

/** What a cluster worker runs (see web-worker.ts). */
const WORKER_ENTRY = path.join(PLATFORM_DIR, 'scripts/web-worker.ts');

/**
 * Serves the web app (pages and API on one port) on HOST:PORT and resolves once it listens.
 * `WEB_CONCURRENCY=1` (the default) serves in this process; N > 1 forks N node:cluster
 * workers that share the port, each with its own pool (`next dev` always runs one).
 */
export async function serveApp(environment: Env, { dev }: { dev: boolean }): Promise<ServedApp> {
  // As `next start` does: Next's telemetry off (the product makes no external requests), and
  // PORT set to the port served (the middleware calls the API there). Workers inherit both.
  setServingEnvironment(environment.PORT);
  if (dev || environment.WEB_CONCURRENCY === 1) {
    // Loaded only here: the server (Next, the API and all they import) takes seconds to load,
    // which a start that stops earlier (port taken, database unreachable) or the cluster's
    // primary, which serves nothing itself, should not pay.
    const { startWebServer } = await import('../../src/server/web-server');
    const server = await startWebServer({ environment, dev, dir: PLATFORM_DIR });
    return { workers: 1, stop: server.close };
  }
  return startWorkers(environment);
}

async function startWorkers(environment: Env): Promise<ServedApp> {
  const count = environment.WEB_CONCURRENCY;
  // Workers read the environment like this process, plus the database it opened.
  const workerEnv = environment.DATABASE_URL ? { DATABASE_URL: environment.DATABASE_URL } : {};
  cluster.setupPrimary({ exec: WORKER_ENTRY });
  let stopping = false;
  let listening = 0;

  await new Promise<void>((resolve, reject) => {
    cluster.on('listening', () => {
      listening += 1;
      if (listening === count) resolve();
    });
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      if (listening < count) {
        reject(new Error(`a web worker exited (${signal ?? `code ${code}`}) before it listened`));
        return;
      }
      // A crashed worker is replaced; the others kept serving meanwhile.
      console.error(
        `• Web worker ${worker.id} exited (${signal ?? `code ${code}`}); starting another`,
      );
      cluster.fork(workerEnv);
    });
    for (let index = 0; index < count; index += 1) cluster.fork(workerEnv);
  }).catch(async (error: unknown) => {
    stopping = true;
    await stopWorkers();
    throw error;
  });

  return {
    workers: count,
    stop: async () => {
      stopping = true;
      await stopWorkers();
    },
  };
}

/** SIGTERM to every worker (each closes its server, then its pool), resolved when all exited. */
async function stopWorkers(): Promise<void> {
  const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once('exit', () => resolve());
          worker.process.kill('SIGTERM');
        }),
    ),
  );
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** The lines that say where the app is served and who can reach it. */
export function describeServing(environment: Env, workers: number): string[] {
  const { HOST: host, PORT: port } = environment;
  const reach = LOOPBACK.test(host)
    ? 'this machine only; HOST=0.0.0.0 listens on every interface'
    : host === '0.0.0.0' || host === '::'
      ? 'every interface'
      : 'that address only';
  const processes = workers > 1 ? `, ${workers} web workers` : '';
  return [
    `• aiConnected is running at ${environment.PLATFORM_PUBLIC_BASE_URL} (Ctrl+C to stop)`,
    `  listening on ${host}:${port} (${reach}${processes})`,
  ];
}
