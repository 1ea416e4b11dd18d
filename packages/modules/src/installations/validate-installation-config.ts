import { compileJsonSchema } from '@aiconnected/module-sdk';
import type { JsonObject, ModuleManifest } from '@aiconnected/sdk-contracts';
import { invalidInstallation } from './installation-errors';

/**
 * Checks an installation's config against the manifest's `configSchema` (module-sdk's
 * `compileJsonSchema`: draft 2020-12, compiled once per schema): `VALIDATION_BLOCKING` with
 * each problem's path under `body.config` (a JSON Pointer into the config).
 */
export function validateInstallationConfig(manifest: ModuleManifest, config: JsonObject): void {
  const compiled = compileJsonSchema(manifest.configSchema);
  if (!compiled.ok) {
    // Checked on import; a registry row that fails now cannot take any config.
    throw invalidInstallation(
      compiled.problems.map((problem) => ({
        path: `manifest.configSchema${problem.path}`,
        message: problem.message,
      })),
    );
  }
  const problems = compiled.validate(config);
  if (problems.length > 0) {
    throw invalidInstallation(
      problems.map((problem) => ({ path: `body.config${problem.path}`, message: problem.message })),
    );
  }
}
