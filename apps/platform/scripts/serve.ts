/**
 * `npm run serve`: serves the built app (pages and API on one port) against DATABASE_URL as it
 * is: no migration, no seed, no build. What the e2e tests and the bench run, and a deployment
 * after `npm run db:migrate` and `npm run build`. Stops on SIGINT or SIGTERM, web server first.
 */
import { EnvError, env as readEnv, type Env } from '../src/env';
import { fail } from './lib/fail';
import { describeServing, serveApp } from './lib/serve-app';

function environment(): Env {
  try {
    return readEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
}

const env = environment();
const app = await serveApp(env, { dev: false }).catch((error: unknown) =>
  fail(error instanceof Error ? error.message : String(error)),
);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void app.stop().then(() => {
    console.log('• Stopped.');
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const line of describeServing(env, app.workers)) console.log(line);
