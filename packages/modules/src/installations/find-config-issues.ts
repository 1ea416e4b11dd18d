import { compileJsonSchema } from '@aiconnected/module-sdk';
import type { JsonObject, ModuleManifest } from '@aiconnected/sdk-contracts';

/** One place where a config fails its configSchema. */
export interface ConfigIssue {
  /** `body.config/<JSON Pointer>`; `manifest.configSchema/...` when the schema itself fails. */
  path: string;
  message: string;
}

/**
 * Where `config` fails the manifest's `configSchema` (module-sdk's `compileJsonSchema`: draft
 * 2020-12, compiled once per schema), each problem's path under `body.config`; empty when it
 * is valid. A schema that no longer compiles takes no config: its problems under
 * `manifest.configSchema`.
 */
export function findConfigIssues(manifest: ModuleManifest, config: JsonObject): ConfigIssue[] {
  const compiled = compileJsonSchema(manifest.configSchema);
  if (!compiled.ok) {
    // Checked on import; a registry row that fails now cannot take any config.
    return compiled.problems.map((problem) => ({
      path: `manifest.configSchema${problem.path}`,
      message: problem.message,
    }));
  }
  return compiled
    .validate(config)
    .map((problem) => ({ path: `body.config${problem.path}`, message: problem.message }));
}
