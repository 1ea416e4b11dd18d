import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ModuleAssessment } from '@aiconnected/sdk-contracts';
import { parseJsonText } from '@aiconnected/sdk-contracts/json-text';
import { assess } from '../assess';
import { createFinding } from '../create-finding';
import { summarizeAssessment } from '../summarize-assessment';
import { CliUsageError, displayPath, EXIT_CLEAN, EXIT_FINDINGS, type CliIo } from './cli-io';
import { formatAssessment } from './format-assessment';
import { readRegistryView } from './read-registry-view';

/**
 * `validate <manifest.json> [--registry <dir|file>] [--json]`: the import's assessment of a
 * manifest file. A file that is no JSON is one blocking finding with its line and column.
 * Exit 1 on blocking findings; warnings alone exit 0.
 */
export async function runValidateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { registry: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new CliUsageError('validate takes one manifest file: validate <manifest.json>');
  }
  const file = path.resolve(io.cwd, positionals[0]);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliUsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const registry = await readRegistryView(values.registry, io.cwd);
  const assessment = assessText(text, registry);

  io.stdout(
    values.json
      ? `${JSON.stringify(assessment, null, 2)}\n`
      : formatAssessment(assessment, displayPath(io.cwd, file)),
  );
  return assessment.counts.blocking > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

function assessText(text: string, registry: Parameters<typeof assess>[1]): ModuleAssessment {
  const parsed = parseJsonText(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) {
    return summarizeAssessment(undefined, [
      createFinding('MANIFEST_NOT_OBJECT', [], parsed.message),
    ]);
  }
  return assess(parsed.value, registry);
}
