import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { moduleManifestSchema, SHELL_SDK_CONTRACT_VERSION } from '@aiconnected/sdk-contracts';
import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import type { RegistryView } from '../registry-view';
import { CliUsageError } from './cli-io';

/**
 * The registry `validate` assesses against: empty, or the manifests of `--registry` taken as
 * registered. A file holds one manifest or an array of them; a directory contributes its
 * `*.json` files and its subdirectories' `manifest.json` (so `examples/modules` works).
 * The shell version is the SDK contract version of this checkout.
 */
export async function readRegistryView(
  option: string | undefined,
  cwd: string,
): Promise<RegistryView> {
  if (option === undefined) return { shellVersion: SHELL_SDK_CONTRACT_VERSION, entries: [] };
  const location = path.resolve(cwd, option);
  const info = await stat(location).catch(() => {
    throw new CliUsageError(`--registry ${option}: no such file or directory`);
  });
  const files = info.isDirectory() ? await listRegistryFiles(location) : [location];
  const manifests: ModuleManifest[] = [];
  for (const file of files) manifests.push(...(await readManifests(file)));
  return {
    shellVersion: SHELL_SDK_CONTRACT_VERSION,
    entries: manifests.map((manifest) => ({ status: 'registered' as const, manifest })),
  };
}

async function listRegistryFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isFile() && entry.name.endsWith('.json'))
      files.push(path.join(directory, entry.name));
    if (entry.isDirectory()) {
      const nested = path.join(directory, entry.name, 'manifest.json');
      if (
        await stat(nested).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        files.push(nested);
    }
  }
  return files;
}

async function readManifests(file: string): Promise<ModuleManifest[]> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliUsageError(`--registry: cannot read ${file}: ${(error as Error).message}`);
  }
  return (Array.isArray(value) ? value : [value]).map((item, index) => {
    const parsed = moduleManifestSchema.safeParse(item);
    if (!parsed.success) {
      const where = Array.isArray(value) ? `${file} [${index}]` : file;
      throw new CliUsageError(
        `--registry: ${where} is no valid manifest (${parsed.error.issues[0]?.message ?? 'invalid'}); validate it first`,
      );
    }
    return parsed.data;
  });
}
