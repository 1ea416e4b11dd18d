import { compileJsonSchema } from '@aiconnected/module-sdk';
import type { JsonObject, ModuleManifest } from '@aiconnected/sdk-contracts';

/** One place where a config fails its configSchema. */
export interface ConfigIssue {
  /**
   * `body.config.<key>.<index>...`, dotted as every VALIDATION_BLOCKING path of the API (the
   * validation hook); `manifest.configSchema...` when the schema itself fails.
   */
  path: string;
  message: string;
}

/**
 * Where `config` fails the manifest's `configSchema` (module-sdk's `compileJsonSchema`: draft
 * 2020-12, compiled once per schema), each problem's path under `body.config` (the JSON
 * Pointer's segments joined with dots, as the API's validation hook writes zod paths); empty when
 * it is valid. A schema that no longer compiles takes no config: its problems under
 * `manifest.configSchema`.
 */
export function findConfigIssues(manifest: ModuleManifest, config: JsonObject): ConfigIssue[] {
  const compiled = compileJsonSchema(manifest.configSchema);
  if (!compiled.ok) {
    // Checked on import; a registry row that fails now cannot take any config.
    return compiled.problems.map((problem) => ({
      path: dotted('manifest.configSchema', problem.path),
      message: problem.message,
    }));
  }
  return compiled
    .validate(config)
    .map((problem) => ({ path: dotted('body.config', problem.path), message: problem.message }));
}

/** `prefix` and a JSON Pointer's unescaped segments, dotted: `/a~1b/0` -> `prefix.a/b.0`. */
function dotted(prefix: string, pointer: string): string {
  if (pointer === '') return prefix;
  const segments = pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  return [prefix, ...segments].join('.');
}
