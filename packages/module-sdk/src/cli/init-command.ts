import { CliUsageError, type CliIo } from './cli-io';

/** `init <dir> --id <module-id>` (next). */
export async function runInitCommand(_args: string[], _io: CliIo): Promise<number> {
  await Promise.resolve();
  throw new CliUsageError('init is not wired yet');
}
