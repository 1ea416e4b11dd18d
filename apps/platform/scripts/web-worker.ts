/**
 * One web worker of `WEB_CONCURRENCY=N` (forked by scripts/lib/serve-app.ts): serves pages and
 * API on the shared port until SIGTERM or SIGINT, then closes its server and its pool.
 */
import { env } from '../src/env';
import { startWebServer } from '../src/server/web-server';
import { PLATFORM_DIR } from './lib/paths';

const server = await startWebServer({ environment: env(), dev: false, dir: PLATFORM_DIR });
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
