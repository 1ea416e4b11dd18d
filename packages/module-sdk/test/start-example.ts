import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const EXAMPLES = `${REPO}examples/modules/`;

/** How each example starts: TypeScript run with tsx (they import module-sdk). */
const START: Record<string, string[]> = {
  hello: ['--import', 'tsx', `${EXAMPLES}hello/server.ts`],
  notes: ['--import', 'tsx', `${EXAMPLES}notes/server.ts`],
};

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) child.kill('SIGTERM');
});

/**
 * Starts an example on a free port (PORT=0) with `env`, stopped after the file's tests, and
 * answers its base URL once it listens.
 */
export function startExample(name: string, env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, START[name] ?? [], {
    cwd: REPO,
    env: { PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    });
  });
}
