import type { Db } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import {
  probeModuleTarget,
  STRICT_TARGET_RULES,
  type ModuleTargetRules,
  type ProbeResult,
} from './probe-module-target';
import type { RegisteredModule } from './read-registered-module';
import { recordModuleHealth } from './record-module-health';

/**
 * Asks a module version's target for its health (`probeModuleTarget`: GET baseUrl +
 * healthPath, 2xx within its timeout, under `rules`' address rules) and records the answer in `module_target_health` whatever
 * it says. Unhealthy is `MODULE_TARGET_UNHEALTHY` with `details: { status, http_status, detail }`
 * and `refused` (`enabled`, `upgraded`, `rolled back`) in the user's message. Call it with no
 * transaction open: the check waits up to the target's `timeoutMs`.
 */
export async function requireHealthyTarget(
  db: Db,
  module: RegisteredModule,
  refused: string,
  rules: ModuleTargetRules = STRICT_TARGET_RULES,
): Promise<ProbeResult> {
  const probe = await probeModuleTarget(module.manifest.runtime.target, rules);
  await recordModuleHealth(db, module.module_key, module.version, probe);
  if (probe.status !== 'healthy') {
    throw new ShellError(
      'MODULE_TARGET_UNHEALTHY',
      `module ${module.module_key} ${module.version}: ${probe.detail}`,
      {
        userMessage: `The module's service did not answer its health check (${probe.detail}), so it was not ${refused}.`,
        details: { status: probe.status, http_status: probe.http_status, detail: probe.detail },
      },
    );
  }
  return probe;
}
