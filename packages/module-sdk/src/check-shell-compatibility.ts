import { isSemverRange } from '@aiconnected/sdk-contracts';
import type { ManifestFinding } from '@aiconnected/sdk-contracts';
import { createFinding } from './create-finding';
import { isShellVersionCompatible } from './is-shell-version-compatible';
import { readString } from './read-string';
import type { RegistryView } from './registry-view';

/** `SDK_CONTRACT_INCOMPATIBLE` when `engines.shell` excludes the shell's contract version. */
export function checkShellCompatibility(
  manifest: unknown,
  registry: RegistryView,
): ManifestFinding[] {
  const range = readString(manifest, ['engines', 'shell']);
  if (range === undefined || !isSemverRange(range)) return [];
  if (isShellVersionCompatible(range, registry.shellVersion)) return [];
  return [
    createFinding(
      'SDK_CONTRACT_INCOMPATIBLE',
      ['engines', 'shell'],
      `"${range}" does not include the shell's SDK contract version ${registry.shellVersion}`,
      `Write "^${registry.shellVersion}" (or a range including ${registry.shellVersion}) after testing the module against it`,
    ),
  ];
}
