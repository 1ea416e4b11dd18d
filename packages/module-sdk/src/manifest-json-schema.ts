import {
  contractSchemaId,
  moduleManifestSchema,
  SHELL_SDK_CONTRACT_VERSION,
  toContractJsonSchema,
} from '@aiconnected/sdk-contracts';

/**
 * The stable `$id` of the manifest's JSON Schema at the shell's SDK contract version; served at
 * /api/sdk/schemas/module-manifest.json.
 */
export const MANIFEST_JSON_SCHEMA_ID = contractSchemaId(
  'module-manifest',
  SHELL_SDK_CONTRACT_VERSION,
);

/**
 * The module manifest's JSON Schema (draft 2020-12, zod's `toJSONSchema` of the input side),
 * for editors and the `module-manifest` contract row. Cross-field rules (duplicates,
 * navigation targets, semver) are only in `assess`; the schema checks shapes and formats.
 */
export function manifestJsonSchema(): Record<string, unknown> {
  return toContractJsonSchema(moduleManifestSchema, MANIFEST_JSON_SCHEMA_ID);
}
