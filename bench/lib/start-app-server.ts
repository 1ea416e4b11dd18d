import { PLATFORM_DIR } from '@aiconnected/platform/scripts';
import type { Cleanup } from './cleanup';
import { startGroupServer, type GroupServer } from './process-group';

export interface StartAppServerInput {
  databaseUrl: string;
  port: number;
  /** The inherited environment (see env.ts); the bench's own settings are added on top. */
  environment: NodeJS.ProcessEnv;
  /** The server's stdout and stderr go here (appended), not to the bench's table. */
  logFile: string;
  cleanup: Cleanup;
}

/** A running app server (apps/platform/scripts/serve.ts: pages and API on one port). */
export type AppServer = GroupServer;

/**
 * Starts the production server (scripts/serve.ts, the one `npm start` runs) on 127.0.0.1:`port` in
 * its own process group, with logs at `warn` so request logging does not dominate the
 * measurement, and waits until `GET /api/health` answers 200. Stopping sends SIGTERM to the
 * group, then SIGKILL if anything is left after a grace period.
 */
export function startAppServer(input: StartAppServerInput): Promise<AppServer> {
  const { port } = input;
  return startGroupServer({
    label: 'the app server',
    // From the app's folder, so tsx finds its tsconfig (the `@/` paths).
    args: ['--import', 'tsx', 'scripts/serve.ts'],
    cwd: PLATFORM_DIR,
    env: {
      ...input.environment,
      DATABASE_URL: input.databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      PLATFORM_ENV: 'local',
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    baseUrl: `http://127.0.0.1:${port}`,
    healthPath: '/api/health',
    logFile: input.logFile,
    cleanup: input.cleanup,
  });
}
