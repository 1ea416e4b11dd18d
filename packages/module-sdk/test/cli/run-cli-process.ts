import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/run-cli';

/** The CLI's bin file, run the way `npx aiconnected-module` runs it: plain node. */
export const CLI_BIN = fileURLToPath(new URL('../../bin/aiconnected-module.mjs', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The time a test that starts the CLI as a child process gets: a start takes about 2 s of CPU
 * (Node, tsx, the commands' modules), 20-30 s of wall time on a two-core machine at load 20.
 * No assertion is about speed; a hung child is killed at CLI_PROCESS_KILL_MS.
 */
export const CLI_PROCESS_TEST_TIMEOUT_MS = 120_000;
const CLI_PROCESS_KILL_MS = 100_000;

/**
 * Runs the CLI as a child process (the test's own Node) and collects its output: proves the
 * bin, its exit code and the real stdout/stderr. Each run starts Node and tsx (about 1 s on a
 * quiet machine, 5-8 s on a busy two-core one), so tests keep a few of these and run the
 * other cases through runCliInProcess.
 */
export function runCliProcess(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_BIN, ...args],
      { cwd, timeout: CLI_PROCESS_KILL_MS },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code as number) : 0;
        resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
      },
    );
  });
}

/** Runs the entry function the bin calls (runCli) in this process, with the same result shape. */
export async function runCliInProcess(args: readonly string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
  });
  return { code, stdout, stderr };
}
