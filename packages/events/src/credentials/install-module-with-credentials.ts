import type { Db } from '@aiconnected/db';
import { installModule, type InstallModuleInput } from '@aiconnected/modules';
import type { IssuedCredentials, ModuleInstallationStateView } from '@aiconnected/sdk-contracts';
import type { SecretKeyRing } from '@aiconnected/secrets';
import { issueInstallationCredentials } from './issue-installation-credentials';

/**
 * Installs a module (`installModule`: its checks, transition and audit) and then, once that
 * has committed, issues the installation's credentials (`issueInstallationCredentials`: an API
 * key and a webhook secret, shown once). A re-install after an uninstall gets new ones and
 * revokes those of the previous installation at once (no overlap). Should issuing fail, the
 * module stays installed and `POST /modules/{key}/credentials` issues them.
 */
export async function installModuleWithCredentials(
  db: Db,
  input: InstallModuleInput & { ring: SecretKeyRing },
): Promise<ModuleInstallationStateView & { credentials: IssuedCredentials }> {
  const installed = await installModule(db, input);
  const credentials = await issueInstallationCredentials(db, input.actor, {
    workspaceId: input.workspaceId,
    moduleKey: input.moduleKey,
    overlapHours: 0,
    ring: input.ring,
    correlationId: input.correlationId,
  });
  return { ...installed, credentials };
}
