import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lintMigrations } from '../migrations/lint-migrations';
import { MIGRATION_LINT_RULES } from '../migrations/migration-lint-rules';
import { moduleTablePrefix } from '../migrations/module-table-prefix';
import { CliUsageError, displayPath, EXIT_CLEAN, EXIT_FINDINGS, type CliIo } from './cli-io';
import { resolveModuleId } from './resolve-module-id';

/** `lint-migrations <dir> [--module <id>] [--json]`: prints file:line:col rule message. */
export async function runLintMigrationsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { module: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new CliUsageError('lint-migrations takes one directory: lint-migrations <dir>');
  }
  const directory = path.resolve(io.cwd, positionals[0]);
  let names: string[];
  try {
    names = (await readdir(directory, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith('.sql'))
      .map((entry) => entry.name);
  } catch (error) {
    throw new CliUsageError(`Cannot read the directory ${directory}: ${(error as Error).message}`);
  }
  const moduleId = await resolveModuleId(directory, values.module);
  const files = await Promise.all(
    names.map(async (name) => ({ name, sql: await readFile(path.join(directory, name), 'utf8') })),
  );
  const findings = await lintMigrations(files, moduleId);
  const displayed = findings.map((finding) => ({
    ...finding,
    file: displayPath(io.cwd, path.join(directory, finding.file)),
  }));

  if (values.json) {
    io.stdout(
      `${JSON.stringify({ module: moduleId, table_prefix: moduleTablePrefix(moduleId), files: names.sort(), findings: displayed, counts: { error: findings.length } }, null, 2)}\n`,
    );
  } else {
    for (const finding of displayed) {
      io.stdout(
        `${finding.file}:${finding.line}:${finding.column} ${finding.rule} ${finding.message}\n`,
      );
    }
    const summary =
      findings.length === 0
        ? `✓ ${names.length} migration file(s) of module ${moduleId} pass (${Object.keys(MIGRATION_LINT_RULES).length} rules)`
        : `✗ ${findings.length} error(s) in ${names.length} migration file(s) of module ${moduleId}`;
    io.stdout(`${summary}\n`);
  }
  return findings.length === 0 ? EXIT_CLEAN : EXIT_FINDINGS;
}
