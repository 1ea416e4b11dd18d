// The module developer SDK (PRD §41): pure functions, no database. The shell's import API,
// the CLI and the admin screens use the same ones.
export {
  moduleManifestSchema,
  MODULE_SITE_THEME_CAPABILITIES,
  MANIFEST_FINDING_CODES,
  moduleAssessmentSchema,
  manifestFindingSchema,
} from '@aiconnected/sdk-contracts';
export type {
  ModuleManifest,
  ModuleAssessment,
  ManifestFinding,
  ManifestFindingCode,
  ModuleSiteThemeCapability,
} from '@aiconnected/sdk-contracts';

export type { RegistryView } from './registry-view';
export { assess } from './assess';
export { isShellVersionCompatible } from './is-shell-version-compatible';
export { manifestJsonSchema, MANIFEST_JSON_SCHEMA_ID } from './manifest-json-schema';
export {
  compileJsonSchema,
  JSON_SCHEMA_MAX_BYTES,
  JSON_SCHEMA_MAX_DEPTH,
} from './compile-json-schema';
export type { CompiledJsonSchema, SchemaProblem } from './compile-json-schema';
export { SCHEMA_COMPARISON_BUDGET, compareContractSchemas } from './compare-contract-schemas';
export type { SchemaChange, SchemaChangeKind } from './compare-contract-schemas';
export { RESERVED_MODULE_IDS } from './reserved-module-ids';
export { MAX_FINDINGS } from './order-findings';
