import { moduleManifestSchema, toContractJsonSchema } from '@aiconnected/sdk-contracts';

/** The stable `$id` of the manifest's JSON Schema; served at /api/sdk/schemas/module-manifest.json. */
export const MANIFEST_JSON_SCHEMA_ID = 'https://aiconnected.dev/schemas/module-manifest/1.1.0.json';

/**
 * The module manifest's JSON Schema (draft 2020-12, zod's `toJSONSchema` of the input side),
 * for editors and the `module-manifest` contract row. Cross-field rules (duplicates,
 * navigation targets, semver) are only in `assess`; the schema checks shapes and formats.
 */
export function manifestJsonSchema(): Record<string, unknown> {
  return toContractJsonSchema(moduleManifestSchema, MANIFEST_JSON_SCHEMA_ID);
}
