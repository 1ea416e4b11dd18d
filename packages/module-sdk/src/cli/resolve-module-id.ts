import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { moduleKeySchema } from '@aiconnected/sdk-contracts';
import { CliUsageError } from './cli-io';

/**
 * The module id whose tables a migrations directory may create: `--module`, else the `id` of
 * the manifest.json next to the directory (its parent's, as in <module>/migrations), else the
 * directory's own.
 */
export async function resolveModuleId(
  directory: string,
  option: string | undefined,
): Promise<string> {
  if (option !== undefined) {
    if (!moduleKeySchema.safeParse(option).success) {
      throw new CliUsageError(`--module ${option} is no module id (lower-kebab, e.g. crm-lite)`);
    }
    return option;
  }
  for (const candidate of [
    path.join(directory, '..', 'manifest.json'),
    path.join(directory, 'manifest.json'),
  ]) {
    let text: string;
    try {
      text = await readFile(candidate, 'utf8');
    } catch {
      continue;
    }
    let id: unknown;
    try {
      id = (JSON.parse(text) as { id?: unknown } | null)?.id;
    } catch {
      throw new CliUsageError(
        `${candidate} is not valid JSON; pass the module id with --module <id>`,
      );
    }
    if (typeof id === 'string' && moduleKeySchema.safeParse(id).success) return id;
    throw new CliUsageError(
      `${candidate} has no valid "id"; pass the module id with --module <id>`,
    );
  }
  throw new CliUsageError(
    `No manifest.json next to ${directory}; pass the module id with --module <id>`,
  );
}
