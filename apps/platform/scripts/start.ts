/**
 * `npm start`: the whole product on one machine. Validates the environment, checks the port,
 * opens the database (DATABASE_URL, or embedded Postgres), migrates, seeds the demo tree once
 * (local only), builds the web app when its sources changed, and serves pages and API on one
 * port (scripts/lib/serve-app.ts). `--dev` serves with `next dev` instead of the build.
 * Ctrl+C stops in order: the web server first (requests finish, the pool ends), then Postgres.
 */
import { EnvError, env as processEnv, inheritedEnvironment, type Env } from '../src/env';
import { BuildFailedError, buildAppIfNeeded } from './lib/build-app';
import { fail } from './lib/fail';
import { isPortFree } from './lib/port';
import { prepareDatabase } from './lib/prepare-database';
import { describeServing, serveApp, type ServedApp } from './lib/serve-app';

const dev = process.argv.includes('--dev');

function readEnv(): Env {
  try {
    return processEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
}

/** Builds the web app when its sources changed, under the build lock the e2e tests and bench share. */
function buildIfNeeded(): Promise<void> {
  return buildAppIfNeeded({
    env: { ...inheritedEnvironment(), NODE_ENV: 'production' },
    output: 'inherit',
    messages: {
      building:
        '• Building the web app (only when sources changed; one to five minutes on two cores)…',
      waiting: '• Waiting for another build of this checkout (tests or bench) to finish…',
    },
  });
}

async function main(): Promise<void> {
  console.log(`• Node ${process.version}`); // package.json pins Node 24 (the `node` devDependency)
  const env = readEnv();
  if (!(await isPortFree(env.PORT))) {
    fail(
      `Port ${env.PORT} is already in use. Stop whatever is listening there, or start with PORT=<another port>.`,
    );
  }
  const database = await prepareDatabase(env);

  let app: ServedApp | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n• Stopping: web server first, then the database…');
    await app?.stop();
    await database.stop();
    console.log('• Stopped.');
    process.exit(code); // also stops a `next build` still running (see build-app.ts)
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (!dev) {
    try {
      await buildIfNeeded();
    } catch (error) {
      // Ctrl+C reaches `next build` too, which then fails: `stop` is already cleaning up.
      if (stopping) return;
      await database.stop();
      if (error instanceof BuildFailedError)
        fail('The web app failed to build; the output above says why.');
      throw error;
    }
  }
  if (stopping) return;

  try {
    app = await serveApp({ ...env, DATABASE_URL: database.url }, { dev });
  } catch (error) {
    await database.stop();
    throw error;
  }
  if (stopping) {
    await app.stop();
    return;
  }
  for (const line of describeServing(env, app.workers)) console.log(line);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
