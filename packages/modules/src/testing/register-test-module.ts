import type { Db } from '@aiconnected/db';
import type { ModuleManifest, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { importModule } from '../registry/import-module';

/**
 * Registers a manifest the way the product does (`importModule`, as a super actor with
 * modules.install in the platform workspace): it becomes the module's current version.
 */
export async function registerTestModule(
  db: Db,
  superActor: WorkspaceContext,
  manifest: ModuleManifest,
): Promise<void> {
  await importModule(db, superActor, {
    manifest,
    fetch: { allowPrivate: true },
    correlationId: `test-register-${manifest.id}-${manifest.version}`,
  });
}
