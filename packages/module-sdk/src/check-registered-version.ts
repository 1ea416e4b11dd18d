import type { ManifestFinding } from '@aiconnected/sdk-contracts';
import { createFinding } from './create-finding';
import { readString } from './read-string';
import type { RegistryView } from './registry-view';
import { toCanonicalJson } from './to-canonical-json';

/**
 * The same id and version in the registry: with an equal manifest (canonical JSON) the import
 * is a repeat (`VERSION_ALREADY_REGISTERED`, warning); with another one it is
 * `VERSION_CONFLICT` (published versions never change).
 */
export function checkRegisteredVersion(
  manifest: unknown,
  registry: RegistryView,
): ManifestFinding[] {
  const id = readString(manifest, ['id']);
  const version = readString(manifest, ['version']);
  if (id === undefined || version === undefined) return [];
  const existing = registry.entries.find(
    (entry) => entry.manifest.id === id && entry.manifest.version === version,
  );
  if (!existing) return [];
  if (toCanonicalJson(existing.manifest) === toCanonicalJson(manifest)) {
    return [
      createFinding(
        'VERSION_ALREADY_REGISTERED',
        ['version'],
        `${id} ${version} is already in the registry (${existing.status}) with this exact manifest`,
      ),
    ];
  }
  return [
    createFinding(
      'VERSION_CONFLICT',
      ['version'],
      `${id} ${version} is already in the registry (${existing.status}) with a different manifest`,
      `Raise "version" above ${version}, e.g. to "${nextPatch(version)}"`,
    ),
  ];
}

function nextPatch(version: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? `${match[1]}.${match[2]}.${Number(match[3]) + 1}` : version;
}
