import {
  CAPABILITIES,
  PERMISSION_SUFFIXES,
  getPermissionSuffix,
  permissionKeySchema,
} from '@aiconnected/sdk-contracts';
import type { ManifestFinding } from '@aiconnected/sdk-contracts';
import { createFinding } from './create-finding';
import { listOtherModules } from './list-other-modules';
import { readModuleId } from './read-module-id';
import { readStringItems } from './read-string-items';
import type { RegistryView } from './registry-view';

const SHELL_CAPABILITIES: ReadonlySet<string> = new Set(CAPABILITIES);

/**
 * Each permission is a shell capability (`modules.install`) or a key of the module's own
 * namespace (`<id>.contacts.read`, `<id>:read`) ending in a known suffix. Another registered
 * module's namespace is `NAMESPACE_COLLISION`; anything else `PERMISSION_UNKNOWN`. Malformed
 * keys are reported by the schema and skipped here.
 */
export function checkPermissions(manifest: unknown, registry: RegistryView): ManifestFinding[] {
  const id = readModuleId(manifest);
  if (id === undefined) return [];
  const others = new Set(listOtherModules(registry, id).map((other) => other.id));
  const findings: ManifestFinding[] = [];
  for (const { value: key, index } of readStringItems(manifest, ['permissions'])) {
    if (!permissionKeySchema.safeParse(key).success || SHELL_CAPABILITIES.has(key)) continue;
    const path = ['permissions', index];
    const namespace = key.split(/[.:]/, 1)[0] ?? '';
    if (namespace === id) {
      if (!(PERMISSION_SUFFIXES as readonly string[]).includes(getPermissionSuffix(key))) {
        findings.push(
          createFinding(
            'ROUTE_PERMISSION_CONFIG_ERROR',
            path,
            `"${key}" ends in "${getPermissionSuffix(key)}", which is no permission suffix; routes using it would fail closed`,
            `End it with one of ${PERMISSION_SUFFIXES.join('|')}, e.g. "${key.replace(/[^.:]+$/, 'read')}"`,
          ),
        );
      }
    } else if (others.has(namespace)) {
      findings.push(
        createFinding(
          'NAMESPACE_COLLISION',
          path,
          `"${key}" lies in the namespace of the registered module "${namespace}"`,
          `Use a key of your own namespace, e.g. "${id}.${key.slice(namespace.length + 1)}"`,
        ),
      );
    } else {
      findings.push(
        createFinding(
          'PERMISSION_UNKNOWN',
          path,
          `"${key}" is no shell capability and not in this module's namespace ("${id}.")`,
          `Use a shell capability (e.g. "modules.enable") or a key such as "${id}.${key.slice(namespace.length + 1)}"`,
        ),
      );
    }
  }
  return findings;
}
