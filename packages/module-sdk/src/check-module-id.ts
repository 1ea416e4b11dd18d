import type { ManifestFinding } from '@aiconnected/sdk-contracts';
import { createFinding } from './create-finding';
import { readString } from './read-string';
import { RESERVED_MODULE_IDS } from './reserved-module-ids';

/** `NAMESPACE_RESERVED` when the module id is a word the shell uses itself. */
export function checkModuleId(manifest: unknown): ManifestFinding[] {
  const id = readString(manifest, ['id']);
  if (id === undefined || !RESERVED_MODULE_IDS.has(id)) return [];
  return [
    createFinding(
      'NAMESPACE_RESERVED',
      ['id'],
      `"${id}" is reserved by the shell (its URLs, APIs or event names use it)`,
      `Choose another id, e.g. "acme-${id}"`,
    ),
  ];
}
