import { MODULE_MANIFEST_LIMITS } from '@aiconnected/sdk-contracts';
import type { ManifestFinding } from '@aiconnected/sdk-contracts';
import { compileJsonSchema } from './compile-json-schema';
import { createFinding } from './create-finding';
import { readPath } from './read-path';
import { toJsonPointer } from './to-json-pointer';

/**
 * Every event data schema and the config schema compile with `compileJsonSchema` (ajv,
 * draft 2020-12, strict, limits, patterns RE2 can run), since the shell validates
 * installation configs and event data with them. Values that are no object are the schema
 * check's finding. Only the first `MODULE_MANIFEST_LIMITS.eventsPerDirection` events of each
 * direction are compiled: a longer list is refused by the schema check.
 */
export function checkJsonSchemas(manifest: unknown): ManifestFinding[] {
  const findings: ManifestFinding[] = [];
  for (const direction of ['emits', 'consumes'] as const) {
    const events = readPath(manifest, ['events', direction]);
    if (!Array.isArray(events)) continue;
    // Beyond the bound the list is refused anyway: compiling more would only cost time.
    events.slice(0, MODULE_MANIFEST_LIMITS.eventsPerDirection).forEach((_event: unknown, index) => {
      const path = ['events', direction, index, 'schema'];
      findings.push(...checkSchemaAt(manifest, path, 'EVENT_SCHEMA_INVALID'));
    });
  }
  findings.push(...checkSchemaAt(manifest, ['configSchema'], 'CONFIG_SCHEMA_INVALID'));
  return findings;
}

function checkSchemaAt(
  manifest: unknown,
  path: PropertyKey[],
  code: 'EVENT_SCHEMA_INVALID' | 'CONFIG_SCHEMA_INVALID',
): ManifestFinding[] {
  const schema = readPath(manifest, path);
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [];
  const result = compileJsonSchema(schema);
  // Problems point into the schema, so the finding points at the keyword inside the manifest.
  if (result.ok) return [];
  return result.problems.map((problem) =>
    createFinding(code, `${toJsonPointer(path)}${problem.path}`, problem.message),
  );
}
