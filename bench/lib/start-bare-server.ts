import { spawn } from 'node:child_process';
import type { Cleanup } from './cleanup';

/** The floor of this machine: a bare `node:http` server, no framework, no database. */
export interface BareServer {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

// Answers every request as the API answers an unknown path (404 and a small JSON body), so
// the two compare like for like.
const SERVER = `
const body = JSON.stringify({ error: { code: 'NOT_FOUND', message: 'Not found' } });
require('node:http')
  .createServer((request, response) => {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(body);
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
`;

/** Starts the bare server in a process of its own on 127.0.0.1:`port`, stopped by `cleanup`. */
export async function startBareServer(port: number, cleanup: Cleanup): Promise<BareServer> {
  const child = spawn(process.execPath, ['-e', SERVER], {
    env: { PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true, // its own process group: the CPU accounting measures the server's group
  });
  const { pid } = child;
  if (pid === undefined) throw new Error('the bare node:http server could not be spawned');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= child.exitCode === null ? (child.kill('SIGTERM'), exited) : Promise.resolve();
    return stopping;
  };
  cleanup.add('stop the bare node:http server', stop);
  process.once('exit', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the bare server exited with code ${code}`)));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, pid, stop };
}
