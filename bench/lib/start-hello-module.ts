import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import type { Cleanup } from './cleanup';
import { startGroupServer, type GroupServer } from './process-group';

const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));
const HELLO_DIR = `${REPO_DIR}examples/modules/hello/`;

export interface StartHelloModuleInput {
  port: number;
  /** The inherited environment (see env.ts); the module's settings are added on top. */
  environment: NodeJS.ProcessEnv;
  /** The shell's origin: hello fetches its JWKS at `<origin>/.well-known/jwks.json`. */
  shellOrigin: string;
  logFile: string;
  cleanup: Cleanup;
}

/** The running `hello` example module and its manifest, pointed at where it listens. */
export interface HelloModule extends GroupServer {
  manifest: ModuleManifest;
}

/**
 * Starts the `hello` example module (examples/modules/hello/server.ts, with tsx, as
 * `npm run module:hello` does) on 127.0.0.1:`port` in its own process group, waits for its
 * `/health`, and answers its manifest with the target and entry URL moved to that port.
 */
export async function startHelloModule(input: StartHelloModuleInput): Promise<HelloModule> {
  const baseUrl = `http://127.0.0.1:${input.port}`;
  const server = await startGroupServer({
    label: 'the hello module',
    args: ['--import', 'tsx', `${HELLO_DIR}server.ts`],
    cwd: REPO_DIR,
    env: {
      ...input.environment,
      PORT: String(input.port),
      HOST: '127.0.0.1',
      SHELL_ORIGIN: input.shellOrigin,
      SHELL_JWKS_URL: `${input.shellOrigin}/.well-known/jwks.json`,
    },
    baseUrl,
    healthPath: '/health',
    logFile: input.logFile,
    cleanup: input.cleanup,
  });
  const manifest = JSON.parse(readFileSync(`${HELLO_DIR}manifest.json`, 'utf8')) as ModuleManifest;
  manifest.runtime.target.baseUrl = baseUrl;
  if (manifest.frontend) manifest.frontend.entryUrl = `${baseUrl}/ui`;
  return { ...server, manifest };
}
