import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import type { RegistryView } from './registry-view';

/** The manifests of the registry that belong to modules other than `moduleId`. */
export function listOtherModules(
  registry: RegistryView,
  moduleId: string | undefined,
): ModuleManifest[] {
  return registry.entries
    .map((entry) => entry.manifest)
    .filter((manifest) => manifest.id !== moduleId);
}
