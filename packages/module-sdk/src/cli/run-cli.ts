import { CliUsageError, EXIT_CLEAN, EXIT_USAGE, type CliIo } from './cli-io';
import { CLI_USAGE } from './cli-usage';
import { runInitCommand } from './init-command';
import { runLintMigrationsCommand } from './lint-migrations-command';
import { runValidateCommand } from './validate-command';

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  validate: runValidateCommand,
  'lint-migrations': runLintMigrationsCommand,
  init: runInitCommand,
};

/**
 * The module developer CLI (`aiconnected-module`): runs one command and answers its exit
 * code. Usage mistakes and unreadable input print a message and answer EXIT_USAGE.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(CLI_USAGE);
    return command === undefined ? EXIT_USAGE : EXIT_CLEAN;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`Unknown command ${command}.\n\n${CLI_USAGE}`);
    return EXIT_USAGE;
  }
  try {
    return await run(args, io);
  } catch (error) {
    if (error instanceof CliUsageError || isParseArgsError(error)) {
      io.stderr(`aiconnected-module ${command}: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** node:util parseArgs' errors (unknown option, missing value) carry ERR_PARSE_ARGS_* codes. */
function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
