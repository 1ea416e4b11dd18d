import type { JsonObject, ModuleManifest } from '@aiconnected/sdk-contracts';
import { findConfigIssues } from './find-config-issues';
import { invalidInstallation } from './installation-errors';

/**
 * Checks an installation's config against the manifest's `configSchema`
 * (`findConfigIssues`): `VALIDATION_BLOCKING` with each problem's path under `body.config` (a
 * JSON Pointer into the config).
 */
export function validateInstallationConfig(manifest: ModuleManifest, config: JsonObject): void {
  const issues = findConfigIssues(manifest, config);
  if (issues.length > 0) throw invalidInstallation(issues);
}
