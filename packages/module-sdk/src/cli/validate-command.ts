import { CliUsageError, type CliIo } from './cli-io';

/** `validate <manifest.json> [--registry <dir|file>] [--json]` (wired to assess next). */
export async function runValidateCommand(_args: string[], _io: CliIo): Promise<number> {
  await Promise.resolve();
  throw new CliUsageError('validate is not wired yet');
}
