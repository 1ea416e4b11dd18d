import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI's bin file, run the way `npx aiconnected-module` runs it: plain node. */
export const CLI_BIN = fileURLToPath(new URL('../../bin/aiconnected-module.mjs', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a child process (the test's own Node) and collects its output. */
export function runCliProcess(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_BIN, ...args],
      { cwd, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code as number) : 0;
        resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
      },
    );
  });
}
