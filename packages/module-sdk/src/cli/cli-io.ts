import path from 'node:path';

/** Where the CLI writes and the directory relative paths start from. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

/** Exit codes: 0 clean (warnings allowed), 1 blocking findings or lint errors, 2 usage or input. */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Bad usage or unreadable input: the CLI prints the message and exits with EXIT_USAGE. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/**
 * How the CLI names a file in its output: relative to the working directory when it lies
 * inside it (`examples/modules/hello/manifest.json`), else the absolute path, so a file given
 * as `/tmp/x/manifest.json` is not printed as `../../tmp/x/manifest.json`.
 */
export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  if (relative === '') return file;
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)
    ? file
    : relative;
}
