/** Ends the process with one clear line on stderr (start-up errors are for people, not logs). */
export function fail(message: string): never {
  process.stderr.write(`\n✖ ${message}\n\n`);
  process.exit(1);
}

/** A problem to report to the person at the terminal after cleaning up (see `fail`). */
export class CliError extends Error {}
