import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { moduleKeySchema } from '@aiconnected/sdk-contracts';
import { checkModuleId } from '../check-module-id';
import { CliUsageError, EXIT_CLEAN, type CliIo } from './cli-io';
import { scaffoldModuleFiles } from './scaffold-module-files';

const DEFAULT_PORT = 4100;

/** `init <dir> --id <module-id> [--port <port>]`: scaffolds a module into a new or empty dir. */
export async function runInitCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { id: { type: 'string' }, port: { type: 'string' } },
  });
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new CliUsageError('init takes one directory: init <dir> --id <module-id>');
  }
  const id = values.id;
  if (id === undefined) throw new CliUsageError('init needs --id <module-id>, e.g. --id crm-lite');
  if (!moduleKeySchema.safeParse(id).success) {
    throw new CliUsageError(
      `--id ${id} is no module id (lower-kebab, 1-64 characters, e.g. crm-lite)`,
    );
  }
  // The same rule and words as assess (NAMESPACE_RESERVED): a scaffold that could never import.
  const [reserved] = checkModuleId({ id });
  if (reserved) throw new CliUsageError(`--id ${reserved.message}. ${reserved.fix_hint}`);
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d+$/.test(values.port ?? String(DEFAULT_PORT)) || port < 1 || port > 65535) {
    throw new CliUsageError(`--port ${values.port} is no port number (1-65535)`);
  }

  const directory = path.resolve(io.cwd, positionals[0]);
  const existing = await readdir(directory).catch(() => []);
  if (existing.length > 0) {
    throw new CliUsageError(`${directory} is not empty; init writes into a new or empty directory`);
  }
  const files = scaffoldModuleFiles({ id, port });
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(directory, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content, { flag: 'wx' });
  }
  // Paths as the developer gave them (absolute stays absolute); commands through npx, which
  // finds the package's bin whether or not node_modules/.bin is on PATH.
  const given = positionals[0];
  io.stdout(
    [
      `Scaffolded module ${id} in ${given}:`,
      ...Object.keys(files).map((file) => `  ${file}`),
      '',
      'Next:',
      `  PORT=${port} node ${path.join(given, 'server.mjs')}`,
      `  npx aiconnected-module validate ${path.join(given, 'manifest.json')}`,
      `  npx aiconnected-module lint-migrations ${path.join(given, 'migrations')}`,
      '',
    ].join('\n'),
  );
  return EXIT_CLEAN;
}
